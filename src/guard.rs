//! Containing a bug to the one answer that hit it: [`catch`] runs a closure
//! and turns a panic inside it into an error message, so that one answer's
//! panic is reported as that answer's error ("path: internal error: ...")
//! while the rest of a batch is still scored.
//!
//! While a closure runs under [`catch`], the panic hook stays quiet (no
//! "thread panicked" lines, no backtrace on stderr) and keeps the message
//! and location for the error instead; panics anywhere else are printed as
//! usual.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// How many [`catch`] calls are active on this thread.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
    /// The last panic caught on this thread: message and location.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook that keeps quiet inside [`catch`] (once).
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) == 0 {
                default(info);
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            let message = match info.location() {
                Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
                None => message,
            };
            CAUGHT.with(|c| *c.borrow_mut() = Some(message));
        }));
    });
}

/// Runs `f`; a panic inside it becomes `Err(message)`.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|_| {
        CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| "panic".to_owned())
    })
}

/// A fault injected for the tests of this module's callers: in debug
/// builds, with `MOCK_INJECT_PANIC` set, an answer holding that text
/// panics when it is read. Release builds never panic here.
pub fn injected_fault(text: &[u8]) {
    if cfg!(debug_assertions) {
        if let Some(needle) = std::env::var_os("MOCK_INJECT_PANIC") {
            let needle = needle.as_encoded_bytes();
            if !needle.is_empty() && text.windows(needle.len()).any(|w| w == needle) {
                panic!("injected fault");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let caught = super::catch(|| -> u32 { panic!("boom {}", 1) });
        let message = caught.unwrap_err();
        assert!(message.starts_with("boom 1 (at src/guard.rs:"), "{message}");
        assert_eq!(super::catch(|| 7), Ok(7));
    }
}
