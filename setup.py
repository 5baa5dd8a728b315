"""Packaging beyond what pyproject.toml can say: the top-level resources/ folder (fonts,
style sheet, ORUK schema, starter directory) ships inside the wheel as the package
coachdesk.resources, where coachdesk.domain.resources finds it once installed."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["coachdesk", "coachdesk.*"]), "coachdesk.resources"],
    package_dir={"coachdesk.resources": "resources"},
)
