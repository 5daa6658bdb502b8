//! The page's state in a link and in the browser's storage. A share link carries the
//! editor's text in the URL fragment (`#state=`, raw deflate, base64url), which browsers
//! never send to a server; the last text also stays in local storage and comes back when
//! the page opens without a link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The fragment parameter that holds the shared state.
pub const STATE_PARAM: &str = "state";
/// The local-storage key of the last text.
pub const STORAGE_KEY: &str = "tfgrade.text";

/// The fragment (without `#`) for compressed state bytes.
pub fn fragment(compressed: &[u8]) -> String {
    format!("{STATE_PARAM}={}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The compressed state bytes a fragment (with or without `#`) holds, if any.
pub fn state_in(fragment: &str) -> Option<Result<Vec<u8>, String>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let value = fragment.split('&').find_map(|pair| {
        pair.strip_prefix(STATE_PARAM)
            .and_then(|rest| rest.strip_prefix('='))
    })?;
    Some(
        URL_SAFE_NO_PAD
            .decode(value)
            .map_err(|e| format!("the link's state is damaged ({e})")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_goes_into_a_fragment_and_back() {
        let bytes = [0u8, 1, 2, 250, 251, 252, 253, 254, 255];
        let f = fragment(&bytes);
        assert!(
            f.starts_with("state=") && !f.contains(['+', '/', '=']) || f.matches('=').count() == 1
        );
        assert_eq!(state_in(&format!("#{f}")), Some(Ok(bytes.to_vec())));
        assert_eq!(state_in(&format!("other=1&{f}")), Some(Ok(bytes.to_vec())));
        assert_eq!(state_in("#rule=TFG201"), None);
        assert!(matches!(state_in("#state=%%%"), Some(Err(_))));
    }
}
