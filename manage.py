#!/usr/bin/env python
"""Django's command-line utility for the Session vs Token Lab."""

import sys

from backend.config.env import set_default_settings_module


def main() -> None:
    set_default_settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
