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

/// The first name the archive's central directory lists twice (the zip reader keeps only one
/// entry of a name, so it cannot say which). `None` when the directory cannot be walked (a
/// ZIP64 archive, say): the caller still refuses the archive.
fn duplicate_name<R: Read + Seek>(mut reader: R) -> Option<String> {
    use std::io::SeekFrom;
    let len = reader.seek(SeekFrom::End(0)).ok()?;
    // The end record: 22 bytes and a comment of up to 65,535 bytes, at the end.
    let tail_len = len.min(22 + 65_535);
    reader.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0; usize::try_from(tail_len).ok()?];
    reader.read_exact(&mut tail).ok()?;
    let end = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let le16 = |b: &[u8], at: usize| Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]));
    let le32 = |b: &[u8], at: usize| {
        Some(u32::from_le_bytes([
            *b.get(at)?,
            *b.get(at + 1)?,
            *b.get(at + 2)?,
            *b.get(at + 3)?,
        ]))
    };
    let count = le16(&tail, end + 10)?;
    let size = le32(&tail, end + 12)?;
    let start = le32(&tail, end + 16)?;
    if u64::from(start) + u64::from(size) > len {
        return None;
    }
    reader.seek(SeekFrom::Start(u64::from(start))).ok()?;
    let mut dir = vec![0; usize::try_from(size).ok()?];
    reader.read_exact(&mut dir).ok()?;
    let mut seen = HashSet::new();
    let mut at = 0;
    for _ in 0..count {
        if dir.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let (n, m, k) = (
            le16(&dir, at + 28)?,
            le16(&dir, at + 30)?,
            le16(&dir, at + 32)?,
        );
        let name =
            String::from_utf8_lossy(dir.get(at + 46..at + 46 + usize::from(n))?).into_owned();
        if !seen.insert(name.clone()) {
            return Some(name);
        }
        at += 46 + usize::from(n) + usize::from(m) + usize::from(k);
    }
    None
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
        if zip.has_duplicate_names() {
            // The zip reader keeps one entry of a name; programs differ in which they read, so
            // one could show what another does not.
            let name = duplicate_name(zip.into_inner()).unwrap_or_else(|| "?".into());
            return Err(invalid(
                file,
                Some(format!("entry `{name}`")),
                "the archive holds two entries of this name, and programs differ in which they read; refusing the archive",
            ));
        }
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
            .ok_or_else(|| {
                // What the archive is instead: a Word document, a workbook, any zip archive.
                let kind = crate::formats::zip_holding(|part| {
                    self.names.keys().any(|n| n.starts_with(part))
                        || (part.starts_with("opendocument") && self.find("mimetype").is_some())
                });
                let why = match kind {
                    crate::formats::Foreign::Zip => format!(
                        "this zip archive holds no project.qde, so it is not a REFI-QDA project; {}",
                        crate::formats::IMPORTS
                    ),
                    other => other.not_importable(),
                };
                invalid(&self.file, None, why)
            })
    }

    /// `project.qde`'s text, and how messages name it (`file.qdpx (project.qde)`).
    pub(super) fn project_text(&mut self) -> Result<(String, String)> {
        let (entry, index) = self.project()?;
        let place = format!("{} ({entry})", self.file);
        let data = self.read(index, &entry)?;
        let text = utf8(&place, &data)?;
        Ok((place, text))
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
