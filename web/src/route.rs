//! The page's one routing scheme, in the URL fragment: `#rules` lists every check,
//! `#rule=TFG201` shows one check's docs, `#state=...` carries a shared text (see
//! [`crate::share`]); anything else is the findings view. Parameters are `&`-separated.

/// What the side pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Findings,
    Rules,
    /// One check's docs, by code or name as written in the link.
    Rule(String),
}

impl Route {
    /// The route a fragment (with or without `#`) names.
    pub fn parse(fragment: &str) -> Route {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        for pair in fragment.split('&') {
            match pair.split_once('=') {
                Some(("rule", code)) if !code.is_empty() => return Route::Rule(code.to_owned()),
                None if pair == "rules" => return Route::Rules,
                _ => {}
            }
        }
        Route::Findings
    }

    /// The link to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Findings => "#".to_owned(),
            Route::Rules => "#rules".to_owned(),
            Route::Rule(code) => format!("#rule={code}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_routes_and_routes_name_fragments() {
        assert_eq!(Route::parse(""), Route::Findings);
        assert_eq!(Route::parse("#"), Route::Findings);
        assert_eq!(Route::parse("#rules"), Route::Rules);
        assert_eq!(Route::parse("#rule=TFG201"), Route::Rule("TFG201".into()));
        assert_eq!(Route::parse("#state=abc"), Route::Findings);
        assert_eq!(
            Route::parse("state=abc&rule=TFG704"),
            Route::Rule("TFG704".into())
        );
        assert_eq!(Route::parse("#rule="), Route::Findings);
        for route in [Route::Findings, Route::Rules, Route::Rule("TFG101".into())] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }
}
