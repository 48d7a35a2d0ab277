//! [`EnnContext`]: the process's one ENN context, reference counted by ownership.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use crate::error::{Error, Result};
use crate::ffi::EnnLibrary;

/// The live context, if any. Holding this lock while initialising and while
/// deinitialising orders the two: a new `EnnInitialize` never races the last
/// `EnnDeinitialize` of the previous context.
static LIVE: Mutex<Weak<EnnContext>> = Mutex::new(Weak::new());

fn live() -> MutexGuard<'static, Weak<EnnContext>> {
    // The guarded value is a plain `Weak`, valid even if a holder panicked.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The ENN context: `EnnInitialize` succeeded once for it, and `EnnDeinitialize` runs
/// exactly once when the last `Arc` is dropped.
///
/// Models, buffer sets and allocated buffers each hold an `Arc<EnnContext>`, so the
/// context is deinitialised only after the last of them is gone, whatever the drop order
/// of the objects that own them.
pub struct EnnContext {
    library: Arc<EnnLibrary>,
}

impl EnnContext {
    /// The live context, or a new one (after a checked `EnnInitialize`).
    ///
    /// # Errors
    ///
    /// [`Error::ContextLibraryMismatch`] when a live context uses a library at another
    /// path; [`Error::Call`] when `EnnInitialize` fails.
    pub fn acquire(library: Arc<EnnLibrary>) -> Result<Arc<EnnContext>> {
        let mut guard = live();
        // Every branch releases the guard before `existing` can be dropped: if it held the
        // last reference, its `Drop` (which takes the lock) must not run under the guard.
        let existing = guard.upgrade();
        if let Some(context) = &existing {
            if context.library.path() == library.path() {
                let context = Arc::clone(context);
                drop(guard);
                return Ok(context);
            }
            let error = Error::ContextLibraryMismatch {
                live: context.library.path().to_path_buf(),
                requested: library.path().to_path_buf(),
            };
            drop(guard);
            return Err(error);
        }
        library.initialize()?;
        let context = Arc::new(EnnContext { library });
        *guard = Arc::downgrade(&context);
        drop(guard);
        log::debug!("ENN context initialised with {}", context.library.path().display());
        Ok(context)
    }

    /// The live context, if there is one.
    pub fn current() -> Option<Arc<EnnContext>> {
        let guard = live();
        let existing = guard.upgrade();
        drop(guard);
        existing
    }

    /// The library the context was made with.
    pub fn library(&self) -> &Arc<EnnLibrary> {
        &self.library
    }
}

impl Drop for EnnContext {
    fn drop(&mut self) {
        let guard = live();
        if let Err(e) = self.library.deinitialize() {
            // Drop cannot report errors; the library's context count stays as it is.
            log::error!("{e}");
        } else {
            log::debug!("ENN context deinitialised");
        }
        drop(guard);
    }
}

impl fmt::Debug for EnnContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnnContext").field("library", &self.library.path()).finish()
    }
}
