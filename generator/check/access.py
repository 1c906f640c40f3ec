"""Accessibility rows of `principles check --target screen|office`: can a screen reader use this PDF?

Reads any PDF with pikepdf, never what the generator knows: tagged, language, title shown, every
page's content tagged or an artifact, tab order, alt text on figures, widgets and links in the
structure. An untagged PDF from elsewhere fails.
"""

from __future__ import annotations

import io

PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI", "INLINE IMAGE"}


def access_checks(data: bytes, report) -> None:
    """Add the accessibility findings for one PDF's bytes to a preflight report."""
    import pikepdf

    from generator.check.preflight import FAIL, PASS

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        report.add("tagged", FAIL, f"not readable for the accessibility checks: {exc}")
        return
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info.get("/Marked", False)) if mark_info is not None else False
    tree = root.get("/StructTreeRoot")
    if not marked or tree is None:
        missing = " and ".join(
            what for what, gone in (("/MarkInfo /Marked true", not marked), ("a structure tree", tree is None)) if gone
        )
        report.add("tagged", FAIL, f"untagged: no {missing}; a screen reader has to guess the reading order")
    else:
        report.add("tagged", PASS, "tagged (marked, with a structure tree)")
    lang = str(root.get("/Lang", ""))
    report.add("language", PASS if lang else FAIL, f"language {lang}" if lang else "no document language (/Lang)")
    _title(pdf, report)
    for number, page in enumerate(pdf.pages, start=1):
        untagged = _untagged_paint(page)
        if untagged:
            report.add("content tagged", FAIL, f"{untagged} drawing operators neither tagged nor an artifact", number)
    if not any(f.check == "content tagged" for f in report.findings):
        report.add("content tagged", PASS, "every page's content tagged or an artifact")
    _annotations(pdf, report)
    if tree is not None:
        _figures(tree, report)


def _title(pdf, report) -> None:
    from generator.check.preflight import FAIL, PASS

    preferences = pdf.Root.get("/ViewerPreferences")
    shown = bool(preferences.get("/DisplayDocTitle", False)) if preferences is not None else False
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        title = meta.get("dc:title", "")
    if not title:
        report.add("title shown", FAIL, "no dc:title in the XMP metadata")
    elif not shown:
        report.add("title shown", FAIL, f"title '{title}' is not shown: /DisplayDocTitle is not true")
    else:
        report.add("title shown", PASS, f"title '{title}' shown in the window")


def _untagged_paint(page) -> int:
    """How many painting operators on the page sit outside any tagged or artifact sequence. A
    form XObject drawn outside one is read through: its own content may be tagged (a batch's
    brand overlay is), and only what it paints counts."""
    return _untagged_in(page, page.obj.get("/Resources"), set())


def _untagged_in(owner, resources, seen: set) -> int:
    import pikepdf

    depth, inside, count = 0, [], 0
    for instruction in pikepdf.parse_content_stream(owner):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
            inside.append(tag == "/Artifact" or has_mcid)
            depth += 1
        elif op == "EMC":
            depth -= 1
            if inside:
                inside.pop()
        elif op in PAINT and not any(inside):
            form = _form(resources, operands) if op == "Do" else None
            if form is not None and form.objgen not in seen:  # seen: the forms drawing this one (no loops)
                count += _untagged_in(form, form.get("/Resources", resources), seen | {form.objgen})
            else:
                count += 1
    return count


def _form(resources, operands):
    """The form XObject a Do operator draws, or None (an image, or nothing found)."""
    import pikepdf

    try:
        xobject = resources.XObject[str(operands[0])]
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
    if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == pikepdf.Name.Form:
        return xobject
    return None


def _annotations(pdf, report) -> None:
    """Tab order, and every widget and link in the structure (links with a description)."""
    import pikepdf

    from generator.check.preflight import FAIL, PASS

    parents = _parent_tree(pdf)
    widgets = links = 0
    for number, page in enumerate(pdf.pages, start=1):
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != pikepdf.Name.S:
            report.add("tab order", FAIL, "a page with fields or links has no /Tabs /S (structure order)", number)
        for annot in annots:
            kind = annot.get("/Subtype")
            if kind not in (pikepdf.Name.Widget, pikepdf.Name.Link):
                continue
            element = parents.get(int(annot.get("/StructParent", -1)))
            want = "/Form" if kind == pikepdf.Name.Widget else "/Link"
            if kind == pikepdf.Name.Widget:
                widgets += 1
            else:
                links += 1
            if element is None or element.get("/S") != want:
                what = "form field" if want == "/Form" else "link"
                report.add("structure", FAIL, f"a {what} is not in a {want[1:]} structure element", number)
            elif want == "/Link" and not str(annot.get("/Contents", "")):
                report.add("structure", FAIL, "a link has no /Contents describing it", number)
    if not any(f.check == "tab order" for f in report.findings):
        report.add("tab order", PASS, "structure order on every page with fields or links")
    if not any(f.check == "structure" for f in report.findings):
        report.add("structure", PASS, f"{widgets} form fields and {links} links in the structure")


def _parent_tree(pdf) -> dict:
    """ParentTree key -> structure element (for annotations: one element per key)."""
    tree = pdf.Root.get("/StructTreeRoot", {}).get("/ParentTree")
    found: dict = {}
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                found[int(nums[i])] = nums[i + 1]
        stack += list(node.get("/Kids", []))
    return found


def _figures(tree, report) -> None:
    """Every Figure carries alternative text."""
    import pikepdf

    from generator.check.preflight import FAIL, PASS

    figures = missing = 0
    stack = [tree]
    seen = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/S") == pikepdf.Name.Figure:
            figures += 1
            missing += not str(node.get("/Alt", node.get("/ActualText", "")))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack += list(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    if missing:
        report.add("alt text", FAIL, f"{missing} of {figures} figures have no alternative text")
    else:
        report.add("alt text", PASS, f"{figures} figures, each with alternative text")
