"""Entry point: `python -m mobile_client.main` on the desktop; python-for-android runs this file
as a script from the app folder, where the folder is not importable as `mobile_client`."""

import importlib.util
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (the APK layout): register this folder as the `mobile_client` package so
    # the same absolute imports work on the desktop and on the device.
    _here = Path(__file__).resolve().parent
    _spec = importlib.util.spec_from_file_location(
        "mobile_client", _here / "__init__.py", submodule_search_locations=[str(_here)]
    )
    _package = importlib.util.module_from_spec(_spec)
    sys.modules["mobile_client"] = _package
    _spec.loader.exec_module(_package)


def main() -> None:
    from kivy.config import Config
    from kivy.utils import platform

    if platform not in ("android", "ios"):
        # A desktop window wide enough for the screen and the log pane side by side.
        Config.set("graphics", "width", "1200")
        Config.set("graphics", "height", "760")
    from mobile_client.ui.app import SessionTokenLabApp

    SessionTokenLabApp().run()


if __name__ == "__main__":
    main()
