//! The `.qdpx` archive: entries found by name, paths that would leave it refused, inflation
//! bounded.

use super::*;
/// Whether an archive path would leave the archive: absolute, a drive, or a `..` step.
pub(super) fn escapes(path: &str) -> bool {
    let drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    path.starts_with('/')
        || path.starts_with('\\')
        || drive
        || path.contains('\0')
        || path.split(['/', '\\']).any(|step| step == "..")
}

pub(super) struct Archive<R> {
    pub(super) file: String,
    zip: zip::ZipArchive<R>,
    /// Entry names to indices, exactly and in ASCII lower case (the first entry of a name).
    names: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    /// Bytes still allowed to inflate.
    budget: u64,
}

impl<R: Read + Seek> Archive<R> {
    pub(super) fn open(file: &str, reader: R) -> Result<Archive<R>> {
        let zip = zip::ZipArchive::new(reader)
            .map_err(|e| invalid(file, None, format!("not a readable zip archive: {e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(invalid(
                file,
                None,
                format!(
                    "the archive lists {} entries; the most read is {MAX_ENTRIES}",
                    zip.len()
                ),
            ));
        }
        for name in zip.file_names_raw() {
            let shown = String::from_utf8_lossy(name);
            if escapes(&shown) {
                return Err(invalid(
                    file,
                    Some(format!("entry `{shown}`")),
                    "the path would leave the archive (absolute, or with `..`); refusing the archive",
                ));
            }
        }
        // Looked up once per text source: an index, not a search of every entry each time.
        let mut names = HashMap::new();
        let mut folded = HashMap::new();
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                folded.entry(name.to_ascii_lowercase()).or_insert(i);
                names.entry(name.into_owned()).or_insert(i);
            }
        }
        Ok(Archive {
            file: file.to_string(),
            zip,
            names,
            folded,
            budget: MAX_INPUT_BYTES,
        })
    }

    /// An entry by name; the exact name first, else one that differs in case only.
    pub(super) fn find(&self, wanted: &str) -> Option<(usize, String)> {
        let index = match self.names.get(wanted) {
            Some(&i) => i,
            None => *self.folded.get(&wanted.to_ascii_lowercase())?,
        };
        let name = self.zip.name_for_index(index)?.ok()?.into_owned();
        Some((index, name))
    }

    pub(super) fn project(&self) -> Result<(String, usize)> {
        self.find("project.qde")
            .map(|(i, n)| (n, i))
            .ok_or_else(|| invalid(&self.file, None, "the archive has no project.qde at its top; it is not a REFI-QDA project (.qdpx)"))
    }

    /// Inflate one entry, checking its declared size, its ratio and what it really inflates to
    /// against what is left of the budget.
    pub(super) fn read(&mut self, index: usize, name: &str) -> Result<Vec<u8>> {
        let file = self.file.clone();
        let at = || Some(format!("entry `{name}`"));
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| invalid(&file, at(), format!("cannot be read: {e}")))?;
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > self.budget {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "declares {declared} bytes; an import reads at most {} MiB from an archive",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
            ));
        }
        if declared > RATIO_FLOOR && declared / compressed > MAX_RATIO {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "inflates {declared} bytes from {compressed} (more than {MAX_RATIO} to 1): refusing what looks like a zip bomb"
                ),
            ));
        }
        let mut out = Vec::new();
        let limit = declared.saturating_add(1);
        (&mut entry)
            .take(limit)
            .read_to_end(&mut out)
            .map_err(|e| invalid(&file, at(), format!("cannot be inflated: {e}")))?;
        let actual = out.len() as u64;
        if actual > declared {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "inflates past the {declared} bytes it declares: refusing what looks like a zip bomb"
                ),
            ));
        }
        self.budget = self.budget.saturating_sub(actual);
        Ok(out)
    }
}
