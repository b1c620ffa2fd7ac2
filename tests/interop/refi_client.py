"""What a third-party REFI-QDA library (pyrefiqda, pinned in requirements.txt) makes of a
`.qdpx` codebook wrote, for tests/interop.rs:

  python refi_client.py read QDPX WORKDIR        prints, as JSON, what the library read:
      codes (name, parent's name, codable), sets (name, member codes' names), text sources
      (name, text) and coded selections (source, the text they select, the codes' names, and
      per coding its code's name and its user's name, from `creatingUser` and <Users>)
  python refi_client.py rewrite QDPX WORKDIR OUT  loads QDPX and saves it again as OUT with the
      library's own writer (its XML serialiser and archive layout)
"""
import json
import sys
from pathlib import Path

from pyrefiqda import RefiProject


def load(qdpx, workdir):
    extract = Path(workdir) / "extracted"
    return RefiProject.load(qdpx, extract_dir=str(extract)), extract


def read(qdpx, workdir):
    project, extract = load(qdpx, workdir)
    names, codes = {}, []

    def walk(code, parent):
        names[code.guid] = code.name
        codes.append({"name": code.name, "parent": parent, "codable": bool(code.is_codable)})
        for child in code.code:
            walk(child, code.name)

    # A project without a data structure (a process study's phases only) has no code book.
    book = project.code_book
    for code in book.codes.code if book and book.codes else []:
        walk(code, None)
    sets = [
        {"name": s.name, "codes": sorted(names[c.target_guid] for c in s.member_code)}
        for s in (project.sets.set if project.sets else [])
    ]
    users = {u.guid: u.name for u in (project.users.user if project.users else [])}
    sources, selections = [], []
    for source in project.sources.text_source if project.sources else []:
        path = RefiProject.resolve_source_path(source.plain_text_path, extract)
        text = path.read_text(encoding="utf-8")
        sources.append({"name": source.name, "text": text})
        for sel in source.plain_text_selection:
            selections.append(
                {
                    "source": source.name,
                    "text": text[sel.start_position : sel.end_position],
                    "codes": sorted(names[c.code_ref.target_guid] for c in sel.coding),
                    "codings": sorted(
                        [names[c.code_ref.target_guid], users.get(c.creating_user)]
                        for c in sel.coding
                    ),
                }
            )
    return {"codes": codes, "sets": sets, "sources": sources, "selections": selections}


def rewrite(qdpx, workdir, out):
    project, extract = load(qdpx, workdir)
    media = extract / "sources"
    if not media.is_dir():
        media = extract / "Sources"
    RefiProject.save(project, out, source_media_dir=str(media))


if __name__ == "__main__":
    if sys.argv[1] == "read":
        json.dump(read(sys.argv[2], sys.argv[3]), sys.stdout, ensure_ascii=False, indent=1)
    elif sys.argv[1] == "rewrite":
        rewrite(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
