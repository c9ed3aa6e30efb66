#![doc = include_str!("../docs/architecture.md")]
//!
//! The one exception to the layers: the `ui` module may import the crate root's re-exports,
//! since the widgets are written against the public API, as a game's own would be.

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    const PAGE: &str = include_str!("../docs/architecture.md");

    /// The layer of each module, from the page's table.
    fn layers() -> HashMap<String, usize> {
        let mut layers = HashMap::new();
        for line in PAGE.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let Some(layer) = cells.get(1).and_then(|c| c.parse::<usize>().ok()) else {
                continue;
            };
            for module in cells[2].split('`').skip(1).step_by(2) {
                layers.insert(module.to_owned(), layer);
            }
        }
        layers
    }

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The module a file belongs to: `requests/book.rs` is in `requests`.
    fn module_of(src: &Path, file: &Path) -> String {
        let relative = file.strip_prefix(src).expect("under src/");
        let first = relative.components().next().expect("a path");
        let name = first.as_os_str().to_string_lossy();
        name.trim_end_matches(".rs").to_owned()
    }

    /// The first path segment of everything a file's code names through `crate::` (comments
    /// and docs left out; a capitalised name, one of the crate root's re-exports, as `lib`).
    fn imports(code: &str) -> Vec<String> {
        let code: String = code
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut out = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => {
                    let mut depth = 0;
                    let end = group
                        .char_indices()
                        .find(|&(_, c)| {
                            depth += i32::from(c == '{') - i32::from(c == '}');
                            depth < 0
                        })
                        .map_or(group.len(), |(i, _)| i);
                    let mut items = Vec::new();
                    let mut depth = 0;
                    let mut start = 0;
                    for (i, c) in group[..end].char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                items.push(&group[start..i]);
                                start = i + 1;
                            }
                            _ => {}
                        }
                    }
                    items.push(&group[start..end]);
                    items
                }
                None => vec![rest],
            };
            for name in names {
                let name = name.trim();
                let first: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if first.is_empty() {
                    continue;
                }
                let module = if first.starts_with(char::is_uppercase) {
                    "lib".to_owned()
                } else {
                    first
                };
                out.push(module);
            }
        }
        out
    }

    #[test]
    fn every_import_points_down_the_layers() {
        let layers = layers();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let module = module_of(&src, file);
            if module == "architecture" {
                continue;
            }
            let Some(&layer) = layers.get(&module) else {
                wrong.push(format!(
                    "{}: module `{module}` is in no layer",
                    file.display()
                ));
                continue;
            };
            let code = std::fs::read_to_string(file).expect("readable");
            for import in imports(&code) {
                // What is not a module is one of the crate root's re-exports.
                let import = if layers.contains_key(&import) {
                    import
                } else {
                    "lib".to_owned()
                };
                if import == module || (module == "ui" && import == "lib") {
                    continue;
                }
                match layers.get(&import) {
                    Some(&below) if below < layer => {}
                    Some(&other) => wrong.push(format!(
                        "{}: `{module}` (layer {layer}) imports `{import}` (layer {other})",
                        file.display()
                    )),
                    None => unreachable!("every import has a layer"),
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports against the layers:\n{}",
            wrong.join("\n")
        );
        assert!(files.len() > 30, "the sources were read");
    }

    #[test]
    fn imports_are_read_from_paths_and_groups() {
        let code = "use crate::a::B;\nuse crate::{c::{D, E}, f};\n// use crate::g;\nlet x = crate::h::i();\nuse crate::{Root, j::K};";
        assert_eq!(imports(code), ["a", "c", "f", "h", "lib", "j"]);
    }
}
