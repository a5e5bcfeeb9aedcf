from pathlib import Path

# The look every form and dialog shares. Each screen that uses it names it in its CSS_PATH, so it is parsed when
# the first of them opens, not at start-up.
FORMS_CSS = Path(__file__).parent / "forms.tcss"
