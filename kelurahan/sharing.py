"""Material officers pass on: a short plain message with a link back, and its WhatsApp link.

Reusable for anything with a title, a short text and a page: articles today, published answers
(FAQ entries) next. Templates call it through {% share_material title text url as material %}
(kelurahan/templatetags/sharing.py) and show it with templates/includes/_share_material.html.
The link is built here on the server, so sharing needs no JavaScript and no third-party script.
"""

from dataclasses import dataclass
from urllib.parse import quote

WHATSAPP_SHARE = "https://wa.me/?text="


@dataclass(frozen=True)
class ShareMaterial:
    title: str
    text: str
    url: str

    @property
    def message(self) -> str:
        """The message as it is sent: title, text and the link back, one paragraph each."""
        parts = (self.title.strip(), " ".join(self.text.split()), self.url)
        return "\n\n".join(part for part in parts if part)

    @property
    def whatsapp_url(self) -> str:
        """wa.me lets the reader pick the chat; the message is filled in, ready to send."""
        return WHATSAPP_SHARE + quote(self.message, safe="")


def share_material(*, title: str, text: str, url: str) -> ShareMaterial:
    """What to pass on about a page at the absolute url."""
    return ShareMaterial(title=str(title), text=str(text), url=url)
