"""Project Sphinx extension: build-time tweaks that belong to this course.

Kept as one small local extension (registered in ``_config.yml``) so the content stays plain MyST.
"""


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
