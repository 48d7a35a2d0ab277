//! A small spinning thread pool for the short parallel loops of token-by-token decoding.
//!
//! A decoding step runs about a hundred matrix-vector products of 10 to 100 µs each, with
//! serial work between them. Rayon's workers fall asleep in those gaps, and waking them
//! (a futex call each) cost more than the split saved: two threads decoded at half the
//! speed of one. The workers here spin for a while (as XNNPACK's pthreadpool does) before
//! they park, so a loop that follows soon after the last starts at once.
//!
//! One loop runs at a time: a caller that finds the pool busy (another thread's loop, or a
//! loop inside a task) runs its tasks itself.
//!
//! Protocol: the caller publishes the loop (a pointer to its closure, the task count) and
//! then a new epoch in `cursor` (epoch in the high 32 bits, next task in the low ones).
//! A worker claims a task with a compare-and-swap that also checks the epoch, so a worker
//! that read a stale loop never runs it; the caller returns only after every claimed task
//! finished, so the closure outlives each use.

use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Condvar, Mutex, OnceLock};

/// Spins a parked worker makes before it sleeps (about 100 µs).
const SPINS: u32 = 1 << 16;

type Task<'a> = dyn Fn(usize) + Sync + 'a;

struct Pool {
    /// The running loop's closure: a thin pointer to the caller's `&dyn Fn`.
    job: AtomicPtr<&'static Task<'static>>,
    tasks: AtomicUsize,
    /// Epoch (high 32 bits) and next task index (low 32 bits).
    cursor: AtomicU64,
    done: AtomicUsize,
    sleepers: AtomicUsize,
    lock: Mutex<()>,
    wake: Condvar,
    /// Held by the one caller whose loop is running.
    caller: Mutex<()>,
    workers: usize,
}

static POOL: OnceLock<&'static Pool> = OnceLock::new();

fn pool(threads: usize) -> &'static Pool {
    POOL.get_or_init(|| {
        let pool: &'static Pool = Box::leak(Box::new(Pool {
            job: AtomicPtr::new(std::ptr::null_mut()),
            tasks: AtomicUsize::new(0),
            cursor: AtomicU64::new(0),
            done: AtomicUsize::new(0),
            sleepers: AtomicUsize::new(0),
            lock: Mutex::new(()),
            wake: Condvar::new(),
            caller: Mutex::new(()),
            workers: threads.saturating_sub(1),
        }));
        for i in 0..pool.workers {
            let spawned = std::thread::Builder::new()
                .name(format!("pterun-kernel-{i}"))
                .spawn(move || pool.work());
            // Without the thread the caller runs more of the tasks itself.
            drop(spawned);
        }
        pool
    })
}

impl Pool {
    /// Claims and runs tasks of the loop of `epoch` until none is left.
    fn run_tasks(&self, epoch: u64) {
        loop {
            let job = self.job.load(SeqCst);
            let tasks = self.tasks.load(SeqCst) as u64;
            let cursor = self.cursor.load(SeqCst);
            let next = cursor & 0xFFFF_FFFF;
            if cursor >> 32 != epoch || next >= tasks || job.is_null() {
                return;
            }
            if self.cursor.compare_exchange(cursor, cursor + 1, SeqCst, SeqCst).is_ok() {
                // SAFETY: the claim succeeded for `epoch`, whose `job` and `tasks` were
                // published before the epoch (and are not replaced while its tasks are
                // unfinished); the caller waits for this task before its closure goes.
                unsafe { (*job)(next as usize) };
                self.done.fetch_add(1, SeqCst);
            }
        }
    }

    fn work(&self) {
        let mut seen = self.cursor.load(SeqCst) >> 32;
        loop {
            let mut spins = 0;
            let epoch = loop {
                let epoch = self.cursor.load(SeqCst) >> 32;
                if epoch != seen {
                    break epoch;
                }
                if spins < SPINS {
                    spins += 1;
                    std::hint::spin_loop();
                    continue;
                }
                let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
                self.sleepers.fetch_add(1, SeqCst);
                let mut guard = guard;
                while self.cursor.load(SeqCst) >> 32 == seen {
                    guard = self.wake.wait(guard).unwrap_or_else(|e| e.into_inner());
                }
                self.sleepers.fetch_sub(1, SeqCst);
                drop(guard);
                spins = 0;
            };
            seen = epoch;
            self.run_tasks(epoch);
        }
    }
}

/// Runs `task(0)` .. `task(tasks - 1)`, on the pool's `threads - 1` workers and the calling
/// thread, and returns when all are done.
pub(crate) fn parallel_for(threads: usize, tasks: usize, task: &Task<'_>) {
    if threads <= 1 || tasks <= 1 || tasks > u32::MAX as usize {
        (0..tasks).for_each(task);
        return;
    }
    let pool = pool(threads);
    let Ok(_running) = pool.caller.try_lock() else {
        (0..tasks).for_each(task);
        return;
    };
    if pool.workers == 0 {
        (0..tasks).for_each(task);
        return;
    }
    // SAFETY: only the lifetime is erased; the pointer is used by claims of this epoch,
    // all finished before this function returns (below).
    let erased: &'static Task<'static> = unsafe { std::mem::transmute(task) };
    let slot = &erased as *const &'static Task<'static>;
    pool.job.store(slot.cast_mut(), SeqCst);
    pool.tasks.store(tasks, SeqCst);
    pool.done.store(0, SeqCst);
    let epoch = (pool.cursor.load(SeqCst) >> 32).wrapping_add(1) & 0xFFFF_FFFF;
    pool.cursor.store(epoch << 32, SeqCst);
    if pool.sleepers.load(SeqCst) > 0 {
        let _guard = pool.lock.lock().unwrap_or_else(|e| e.into_inner());
        pool.wake.notify_all();
    }
    pool.run_tasks(epoch);
    while pool.done.load(SeqCst) < tasks {
        std::hint::spin_loop();
    }
    pool.job.store(std::ptr::null_mut(), SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_runs_once_whatever_the_thread_count() {
        for threads in [1, 2, 4] {
            for tasks in [0, 1, 2, 3, 17, 200] {
                let counts: Vec<AtomicUsize> = (0..tasks).map(|_| AtomicUsize::new(0)).collect();
                parallel_for(threads, tasks, &|i| {
                    counts[i].fetch_add(1, SeqCst);
                });
                assert!(counts.iter().all(|c| c.load(SeqCst) == 1), "{threads} {tasks}");
            }
        }
    }

    #[test]
    fn loops_from_several_threads_and_inside_tasks_complete() {
        let total = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for _ in 0..50 {
                        parallel_for(2, 4, &|_| {
                            parallel_for(2, 3, &|_| {
                                total.fetch_add(1, SeqCst);
                            });
                        });
                    }
                });
            }
        });
        assert_eq!(total.load(SeqCst), 3 * 50 * 4 * 3);
    }
}
