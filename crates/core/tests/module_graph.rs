//! The modules of `tfgrade-core` import each other without a cycle, so that the crate reads
//! in layers: the submission below the configuration, the analyses below the checks, the
//! checks below the pipeline.
//!
//! Each source file is parsed with `syn`. Every `use` and every path in code (also the
//! arguments of macros that parse as expressions) that starts with `crate`, `super`,
//! `self`, a child module or a name imported from the crate is resolved to the module that
//! defines the item, following `pub use` re-exports to where the item is defined. Items
//! under `#[cfg(test)]` are left out: tests may reach anything. A cycle fails the test with
//! the place of every import that closes it.
//!
//! Run it alone with `cargo test -p tfgrade-core --test module_graph`; set
//! `TFGRADE_PRINT_MODULES=1` to print the modules in layers, lowest first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Where one module refers to another.
#[derive(Debug, Clone)]
struct Reference {
    /// The path as written, made absolute: `crate::rules::security::policy::collect`.
    path: Vec<String>,
    /// `file:line` of the reference.
    at: String,
}

/// What a module declares and refers to.
#[derive(Debug, Default)]
struct Module {
    /// Names brought into scope by `use` (the last segment, or the `as` name), with the
    /// absolute path they stand for and whether the `use` is public.
    imports: HashMap<String, (Vec<String>, bool)>,
    /// Child modules declared with `mod name;` (or inline).
    children: BTreeSet<String>,
    /// Paths referred to, before resolution.
    references: Vec<(Vec<String>, String)>,
}

/// The crate's module tree, from `(module path, file name, source)` triples.
struct Crate {
    modules: BTreeMap<String, Module>,
    /// The node each module belongs to: an inline module belongs to its file's module.
    node_of: BTreeMap<String, String>,
}

fn join(path: &[String]) -> String {
    path.join("::")
}

impl Crate {
    fn parse(files: &[(String, String, String)]) -> Result<Self, String> {
        let mut modules = BTreeMap::new();
        let mut node_of = BTreeMap::new();
        let mut test_only = BTreeSet::new();
        for (module, file, source) in files {
            let ast = syn::parse_file(source).map_err(|e| format!("{file}: {e}"))?;
            let segments: Vec<String> = module.split("::").map(str::to_owned).collect();
            let mut collector = Collector {
                file,
                stack: vec![segments],
                modules: &mut modules,
                node_of: &mut node_of,
                test_only: &mut test_only,
                node: module.clone(),
            };
            collector.enter(module.clone());
            for item in &ast.items {
                collector.item(item);
            }
        }
        // Files of modules declared under `#[cfg(test)]` (`mod tests;`) are test code.
        let in_tests = |name: &String| {
            test_only
                .iter()
                .any(|t: &String| name == t || name.starts_with(&format!("{t}::")))
        };
        modules.retain(|name, _| !in_tests(name));
        node_of.retain(|name, _| !in_tests(name));
        Ok(Crate { modules, node_of })
    }

    /// Resolves a path written in `module` to absolute segments, or None when it leaves the
    /// crate (std, hcl_edit, ...) or names a local item without a module.
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" => vec!["crate".to_owned()],
            "self" => module.to_vec(),
            "super" => {
                let mut parent = module.to_vec();
                parent.pop();
                let mut rest = rest;
                while rest.first().is_some_and(|s| s == "super") {
                    parent.pop();
                    rest = &rest[1..];
                }
                parent.extend(rest.iter().cloned());
                return Some(parent);
            }
            name => {
                let m = self.modules.get(&join(module))?;
                if m.children.contains(name) {
                    let mut base = module.to_vec();
                    base.push(name.to_owned());
                    base
                } else if let Some((target, _)) = m.imports.get(name) {
                    // The import is written relative to this module; an import of an
                    // import (`use a::b; use b::c;`) resolves step by step.
                    if target.first() == Some(first) {
                        return None;
                    }
                    self.absolute(module, target)?
                } else {
                    return None;
                }
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file module that defines what `path` names, following public re-exports.
    fn defining_node(&self, path: &[String], depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let longest = (1..=path.len())
            .rev()
            .find(|&n| self.modules.contains_key(&join(&path[..n])))?;
        let module = &path[..longest];
        if let Some(item) = path.get(longest)
            && let Some((target, true)) = self.modules[&join(module)].imports.get(item)
            && let Some(mut followed) = self.absolute(module, target)
        {
            followed.extend(path[longest + 1..].iter().cloned());
            if let Some(node) = self.defining_node(&followed, depth + 1) {
                return Some(node);
            }
        }
        self.node_of.get(&join(module)).cloned()
    }

    /// Edges between file modules: from, to, and the places that make each edge.
    fn edges(&self) -> BTreeMap<(String, String), Vec<Reference>> {
        let mut edges: BTreeMap<(String, String), Vec<Reference>> = BTreeMap::new();
        for (name, module) in &self.modules {
            let segments: Vec<String> = name.split("::").map(str::to_owned).collect();
            let from = &self.node_of[name];
            for (path, at) in &module.references {
                let Some(absolute) = self.absolute(&segments, path) else {
                    continue;
                };
                let Some(to) = self.defining_node(&absolute, 0) else {
                    continue;
                };
                if &to != from {
                    edges
                        .entry((from.clone(), to))
                        .or_default()
                        .push(Reference {
                            path: absolute,
                            at: at.clone(),
                        });
                }
            }
        }
        edges
    }
}

struct Collector<'c> {
    file: &'c str,
    /// The module being read, inline modules pushed on it.
    stack: Vec<Vec<String>>,
    modules: &'c mut BTreeMap<String, Module>,
    node_of: &'c mut BTreeMap<String, String>,
    /// Modules declared under `#[cfg(test)]`.
    test_only: &'c mut BTreeSet<String>,
    /// The file module.
    node: String,
}

impl Collector<'_> {
    fn current(&self) -> String {
        join(self.stack.last().expect("a module"))
    }

    fn enter(&mut self, module: String) {
        self.node_of.insert(module.clone(), self.node.clone());
        self.modules.entry(module).or_default();
    }

    fn item(&mut self, item: &syn::Item) {
        if is_test_only(item_attrs(item)) {
            if let syn::Item::Mod(m) = item {
                let mut path = self.stack.last().expect("a module").clone();
                path.push(m.ident.to_string());
                self.test_only.insert(join(&path));
            }
            return;
        }
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let current = self.current();
                self.modules
                    .entry(current)
                    .or_default()
                    .children
                    .insert(name.clone());
                if let Some((_, items)) = &m.content {
                    let mut inner = self.stack.last().expect("a module").clone();
                    inner.push(name);
                    self.enter(join(&inner));
                    self.stack.push(inner);
                    for item in items {
                        self.item(item);
                    }
                    self.stack.pop();
                }
            }
            syn::Item::Use(u) => {
                let public = !matches!(u.vis, syn::Visibility::Inherited);
                let line = u.use_token.span.start().line;
                let mut paths = Vec::new();
                use_paths(&u.tree, &mut Vec::new(), &mut paths);
                for (path, alias) in paths {
                    let at = format!("{}:{line}", self.file);
                    let current = self.current();
                    let module = self.modules.entry(current).or_default();
                    if alias != "*" && alias != "self" {
                        module.imports.insert(alias, (path.clone(), public));
                    }
                    module.references.push((path, at));
                }
            }
            other => self.visit_item(other),
        }
    }

    fn reference(&mut self, path: &syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() < 2 {
            return;
        }
        let line = path
            .segments
            .first()
            .map_or(0, |s| s.ident.span().start().line);
        let at = format!("{}:{line}", self.file);
        let current = self.current();
        self.modules
            .entry(current)
            .or_default()
            .references
            .push((segments, at));
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if is_test_only(item_attrs(item)) {
            return;
        }
        match item {
            syn::Item::Mod(_) | syn::Item::Use(_) => self.item(item),
            other => syn::visit::visit_item(self, other),
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test_only(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.reference(path);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.reference(&mac.path);
        // format!, vec!, matches!, assert!...: read the arguments that parse as expressions.
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = mac.parse_body_with(parser) {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[cfg(test)]`, also inside `all(...)`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().split_whitespace().any(|t| t == "test"))
    }) || attrs.iter().any(|a| a.path().is_ident("test"))
}

/// The paths a use tree names, each with the name it brings into scope.
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let mut path = prefix.clone();
            if name != "self" {
                path.push(name.clone());
            }
            let alias = if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                name
            };
            out.push((path, alias));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".to_owned())),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_paths(tree, prefix, out);
            }
        }
    }
}

/// Strongly connected components with more than one module (Tarjan's algorithm).
fn cycles(nodes: &BTreeSet<String>, edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    struct State<'n> {
        index: HashMap<&'n str, usize>,
        low: HashMap<&'n str, usize>,
        stack: Vec<&'n str>,
        on_stack: BTreeSet<&'n str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn connect<'n>(v: &'n str, adjacency: &HashMap<&'n str, Vec<&'n str>>, s: &mut State<'n>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in adjacency.get(v).map_or(&[][..], Vec::as_slice) {
            if !s.index.contains_key(w) {
                connect(w, adjacency, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut adjacency: HashMap<&str, Vec<&str>> = HashMap::new();
    for (a, b) in edges {
        adjacency.entry(a).or_default().push(b);
    }
    let mut state = State {
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for node in nodes {
        if !state.index.contains_key(node.as_str()) {
            connect(node, &adjacency, &mut state);
        }
    }
    state.out
}

/// Every `.rs` file under `src`, with its module path.
fn source_files(src: &Path) -> Vec<(String, String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("readable source folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(src, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(src).expect("under src");
            let mut segments: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
                segments.pop();
            }
            let module = std::iter::once("crate".to_owned())
                .chain(segments)
                .collect::<Vec<_>>()
                .join("::");
            let source = std::fs::read_to_string(&path).expect("readable source");
            (module, relative.display().to_string(), source)
        })
        .collect()
}

/// An import between two file modules: from, to, and where it is written.
type Place<'e> = (&'e String, &'e String, &'e Reference);

/// The module a file module stands in for at the level of `parent`: the parent itself, the
/// child subtree it is in, or None when it is outside `parent`.
fn at_level(parent: &str, node: &str) -> Option<String> {
    if node == parent {
        return Some(node.to_owned());
    }
    let rest = node.strip_prefix(parent)?.strip_prefix("::")?;
    let child = rest.split("::").next()?;
    Some(format!("{parent}::{child}"))
}

/// The cycles of a crate, each with the places that close it, as text. At every level of
/// the module tree, the subtrees under one parent and the parent's own file must import
/// each other without a cycle: `rules::security` and `rules::state_locking` may not use
/// each other, even through different files. A cycle between files is one at the level of
/// their closest common parent.
fn describe_cycles(files: &[(String, String, String)]) -> Result<Vec<String>, String> {
    let krate = Crate::parse(files)?;
    let edges = krate.edges();
    let parents: BTreeSet<&String> = krate
        .modules
        .iter()
        .filter(|(_, m)| !m.children.is_empty())
        .map(|(name, _)| &krate.node_of[name])
        .collect();
    let mut out = Vec::new();
    for parent in parents {
        let mut nodes = BTreeSet::new();
        let mut level: BTreeMap<(String, String), Vec<Place<'_>>> = BTreeMap::new();
        for ((from, to), references) in &edges {
            let (Some(a), Some(b)) = (at_level(parent, from), at_level(parent, to)) else {
                continue;
            };
            nodes.insert(a.clone());
            nodes.insert(b.clone());
            if a != b {
                level
                    .entry((a, b))
                    .or_default()
                    .extend(references.iter().map(|r| (from, to, r)));
            }
        }
        let pairs: BTreeSet<(String, String)> = level.keys().cloned().collect();
        for component in cycles(&nodes, &pairs) {
            let members: BTreeSet<&String> = component.iter().collect();
            let mut text = format!("cycle between {}:", component.join(", "));
            for ((a, b), references) in &level {
                if members.contains(a) && members.contains(b) {
                    let (from, to, first) = references[0];
                    text.push_str(&format!(
                        "\n  {from} -> {to} ({} at {}{})",
                        join(&first.path),
                        first.at,
                        match references.len() {
                            1 => String::new(),
                            n => format!(", and {} more", n - 1),
                        }
                    ));
                }
            }
            out.push(text);
        }
    }
    Ok(out)
}

/// Modules in layers: each layer uses only modules of the layers before it.
fn layers(files: &[(String, String, String)]) -> Vec<Vec<String>> {
    let krate = Crate::parse(files).expect("parses");
    let edges = krate.edges();
    let mut left: BTreeSet<String> = krate.node_of.values().cloned().collect();
    let mut out = Vec::new();
    while !left.is_empty() {
        let layer: Vec<String> = left
            .iter()
            .filter(|m| {
                !edges
                    .keys()
                    .any(|(from, to)| from == *m && left.contains(to))
            })
            .cloned()
            .collect();
        if layer.is_empty() {
            out.push(left.into_iter().collect());
            break;
        }
        for m in &layer {
            left.remove(m);
        }
        out.push(layer);
    }
    out
}

#[test]
fn the_core_has_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = source_files(&src);
    assert!(files.len() > 50, "read {} files under {src:?}", files.len());
    if std::env::var_os("TFGRADE_PRINT_MODULES").is_some() {
        for (i, layer) in layers(&files).iter().enumerate() {
            println!("layer {i}: {}", layer.join(" "));
        }
    }
    let cycles = describe_cycles(&files).expect("every source file parses");
    assert!(cycles.is_empty(), "{}", cycles.join("\n\n"));
}

#[test]
fn a_cycle_through_a_re_export_is_found_with_its_places() {
    let file = |module: &str, name: &str, source: &str| {
        (module.to_owned(), name.to_owned(), source.to_owned())
    };
    let files = [
        file(
            "crate",
            "lib.rs",
            "pub mod a; pub mod b; pub mod c;\npub use c::Thing;",
        ),
        // `a` reaches `c` through the crate root's re-export, `c` reaches `a` by `super`.
        file(
            "crate::a",
            "a.rs",
            "pub fn f() -> crate::Thing { crate::Thing }",
        ),
        file("crate::b", "b.rs", "pub fn g() {}"),
        file(
            "crate::c",
            "c.rs",
            "pub struct Thing;\nfn h() { super::a::f(); }\n#[cfg(test)]\nmod tests { use crate::b::g; }",
        ),
    ];
    let cycles = describe_cycles(&files).expect("parses");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].starts_with("cycle between crate::a, crate::c:"),
        "{}",
        cycles[0]
    );
    assert!(
        cycles[0].contains("crate::a -> crate::c (crate::Thing at a.rs:1, and 1 more)"),
        "{}",
        cycles[0]
    );
    assert!(cycles[0].contains("crate::c -> crate::a (crate::a::f at c.rs:2)"));
    // A test module's imports are not part of the graph.
    assert!(!cycles[0].contains("crate::b"));
    let layered = layers(&files);
    assert_eq!(layered[0], ["crate::b"]);
}

#[test]
fn subtrees_that_use_each_other_through_different_files_are_a_cycle() {
    let file = |module: &str, name: &str, source: &str| {
        (module.to_owned(), name.to_owned(), source.to_owned())
    };
    let files = [
        file("crate", "lib.rs", "pub mod x; pub mod y;"),
        file("crate::x", "x/mod.rs", "pub mod low; pub mod high;"),
        file("crate::x::low", "x/low.rs", "pub fn base() {}"),
        file(
            "crate::x::high",
            "x/high.rs",
            "pub fn top() { crate::y::helper(); }",
        ),
        file(
            "crate::y",
            "y.rs",
            "pub fn helper() { crate::x::low::base(); }",
        ),
    ];
    let cycles = describe_cycles(&files).expect("parses");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].starts_with("cycle between crate::x, crate::y:"));
    assert!(cycles[0].contains("crate::x::high -> crate::y (crate::y::helper at x/high.rs:1)"));
}
