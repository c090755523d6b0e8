//! `Model.__tablename__`: revision files often name tables through the
//! project's ORM models. The models' source is read (never run) to find
//! `class Model(…): __tablename__ = "…"`, looking for the imported module
//! in the folders above the migrations folder, where the project's
//! packages live.

use super::syntax::{self, ExprKind, Stmt, StmtKind};
use super::token;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The models' source files, read once each.
#[derive(Debug, Default)]
pub struct Models {
    roots: Vec<PathBuf>,
    /// Module path → class name → `__tablename__`.
    read: Mutex<HashMap<String, Arc<HashMap<String, String>>>>,
}

impl Models {
    /// Models importable from `migrations` or any folder above it.
    pub fn above(migrations: &Path) -> Models {
        Models {
            roots: migrations.ancestors().map(Path::to_path_buf).collect(),
            read: Mutex::default(),
        }
    }

    /// The table of `module.Class`, when its source says it literally.
    pub fn tablename(&self, qualified: &str) -> Option<String> {
        let (module, class) = qualified.rsplit_once('.')?;
        let classes = {
            let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
            read.entry(module.to_string())
                .or_insert_with(|| Arc::new(self.load(module)))
                .clone()
        };
        classes.get(class).cloned()
    }

    fn load(&self, module: &str) -> HashMap<String, String> {
        if module.is_empty() || module.split('.').any(|p| p.is_empty() || p == "..") {
            return HashMap::new();
        }
        let relative = PathBuf::from(module.replace('.', "/"));
        for root in &self.roots {
            for file in [
                root.join(&relative).with_extension("py"),
                root.join(&relative).join("__init__.py"),
            ] {
                if let Ok(text) = std::fs::read_to_string(&file) {
                    return tablenames(&text);
                }
            }
        }
        HashMap::new()
    }
}

/// Every top-level `class C(…): __tablename__ = "t"` of a module.
pub fn tablenames(text: &str) -> HashMap<String, String> {
    syntax::parse_module(&token::tokenize(text))
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Class { name, body } => Some((name.clone(), tablename_in(body)?)),
            _ => None,
        })
        .collect()
}

/// The literal `__tablename__` of a class body.
pub fn tablename_in(body: &[Stmt]) -> Option<String> {
    body.iter().find_map(|s| match &s.kind {
        StmtKind::Assign { targets, value } => {
            let named = targets
                .iter()
                .any(|t| matches!(&t.kind, ExprKind::Name(n) if n == "__tablename__"));
            match &value.kind {
                ExprKind::Str {
                    value,
                    fstring: false,
                } if named => Some(value.clone()),
                _ => None,
            }
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tablenames_of_classes_with_a_literal_one() {
        let found = tablenames(
            "class Base: pass\nclass Run(Base):\n    __tablename__ = 'runs'\n    id = Column(Integer)\nclass Odd(Base):\n    __tablename__ = prefix + 'x'\n",
        );
        assert_eq!(found.get("Run").map(String::as_str), Some("runs"));
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn modules_are_found_above_the_migrations_folder() {
        let dir = std::env::temp_dir().join(format!("migc-models-{}", std::process::id()));
        let versions = dir.join("app/db/versions");
        std::fs::create_dir_all(&versions).unwrap();
        std::fs::write(
            dir.join("app/db/models.py"),
            "class User(Base):\n    __tablename__ = \"users\"\n",
        )
        .unwrap();
        let models = Models::above(&versions);
        assert_eq!(
            models.tablename("app.db.models.User").as_deref(),
            Some("users")
        );
        assert_eq!(models.tablename("app.db.models.Nope"), None);
        assert_eq!(models.tablename("app.missing.User"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
