"""One-page handouts for clinicians (see build.py); `python -m handouts [OUT_DIR]` builds them."""
