"""Rule documentation from the metadata: ``eformlint rules`` and ``eformlint explain``.

Every rule's page has the same sections in the same order: what it checks, why, the
legal basis with evidence and status, an example, options and known limitations.
"""

from __future__ import annotations

from eformlint.i18n import Lang, t
from eformlint.registry import all_rules, document_only_requirements, metadata_for


def list_rules(lang: Lang, area: str | None = None, show_all: bool = False) -> str:
    lines = [t("rules.header", lang)]
    for rule in all_rules():
        if area and rule.area != area:
            continue
        record = metadata_for(rule.code)
        severity = record.default_severity if record else rule.default_severity.label
        title = record.title.get(lang) if record else rule.name
        lines.append(f"{rule.code}\t{t('severity.' + severity, lang)}\t{t('area.' + rule.area, lang)}\t{rule.name}: {title}")
    if show_all:
        lines.append("")
        lines.append(t("rules.document_only_header", lang))
        for code, requirement in document_only_requirements().items():
            if area and requirement.area != area:
                continue
            lines.append(f"{code}\t—\t{t('area.' + requirement.area, lang)}\t{requirement.title.get(lang)}: "
                         f"{requirement.reason.get(lang)}")
    return "\n".join(lines) + "\n"


def explain_rule(code: str, lang: Lang) -> str | None:
    code = code.strip().upper()
    record = metadata_for(code)
    if record is None:
        requirement = document_only_requirements().get(code)
        if requirement is None:
            return None
        return (
            f"{code} — {requirement.title.get(lang)}\n\n"
            f"{t('explain.document_only', lang)}: {requirement.reason.get(lang)}\n"
        )
    out = [f"{code} {record.name} — {record.title.get(lang)}", ""]
    out.append(f"{t('explain.requirement', lang)}: {record.requirement} · {t('explain.area', lang)}: "
               f"{t('area.' + record.area, lang)} · {t('explain.severity', lang)}: {t('severity.' + record.default_severity, lang)}")
    if record.wcag:
        out.append(f"{t('explain.wcag', lang)}: {', '.join(record.wcag)}")
    out += ["", f"## {t('explain.what', lang)}", record.docs.what.get(lang), ""]
    out += [f"## {t('explain.why', lang)}", record.docs.why.get(lang), ""]
    if record.legal_basis:
        out.append(f"## {t('explain.basis', lang)}")
        for reference in record.legal_basis:
            article = f", {reference.article}" if reference.article else ""
            out.append(f"- {reference.document}{article} [{t('explain.evidence.' + reference.evidence, lang)}; "
                       f"{t('explain.status.' + reference.status, lang)}]")
            if reference.note is not None:
                out.append(f"  ⚠ {reference.note.get(lang)}")
        out.append("")
    if record.docs.example is not None:
        out += [f"## {t('explain.example', lang)}", f"{t('explain.bad', lang)}:", f"    {record.docs.example.bad}",
                f"{t('explain.good', lang)}:", f"    {record.docs.example.good}", ""]
    if record.docs.options is not None:
        out += [f"## {t('explain.options', lang)}", record.docs.options.get(lang), ""]
    if record.docs.limitations is not None:
        out += [f"## {t('explain.limitations', lang)}", record.docs.limitations.get(lang), ""]
    out.append(f"## {t('explain.messages', lang)}")
    for message_id, template in record.messages.items():
        out.append(f"- {message_id}: {template.text(lang)}")
    return "\n".join(out) + "\n"
