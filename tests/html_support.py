"""Forms and helpers shared by the HTML report tests."""

from __future__ import annotations

import io
import json

from eformlint.api import Report
from eformlint.reporters.html import write

# Markup that would run if the report inserted form content unescaped. Each payload sets a
# global that the browser test looks for, and the title tries to close the report's <title>.
PAYLOAD_SCRIPT = "<script>window.__pwned = 'label'</script>"
PAYLOAD_IMAGE = "<img src=x onerror=\"window.__pwned = 'message'\">"
PAYLOAD_TITLE = "</title><script>window.__pwned = 'title'</script>"

HOSTILE_FORM = json.dumps({
    "title": PAYLOAD_TITLE,
    "display": "form",
    "components": [
        {
            "type": "textfield",
            "key": "MaNganh",
            "label": f"Mã ngành {PAYLOAD_SCRIPT}",
            "input": True,
            "hideLabel": True,
            "validate": {"pattern": "[0-9]{4}"},
            "errors": {"pattern": f"Sai mã {PAYLOAD_IMAGE}"},
        }
    ],
}, ensure_ascii=False, indent=2)


def render_html(report: Report, lang: str = "vi") -> str:
    buffer = io.StringIO()
    write(report, buffer, lang)
    return buffer.getvalue()
