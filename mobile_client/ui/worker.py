"""Runs blocking API calls on one background thread; results reach the UI on the main thread."""

from concurrent.futures import ThreadPoolExecutor

from kivy.clock import mainthread
from kivy.logger import Logger

from ..apiclient import ApiError


class Worker:
    """One thread, so calls run in order and the API client never sees two at once."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="api-worker")

    def run(self, job, on_success, on_failure) -> None:
        """Call `job()` off the UI thread, then `on_success(result)` or `on_failure(ApiError)`."""

        def work():
            try:
                result = job()
            except ApiError as error:
                _deliver(on_failure, error)
            except Exception as error:  # a bug must not take the app down: report it instead
                Logger.exception("Worker: unexpected error")
                _deliver(on_failure, ApiError(f"Unexpected error in the client: {error!r}"))
            else:
                _deliver(on_success, result)

        self._executor.submit(work)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@mainthread
def _deliver(callback, value) -> None:
    callback(value)
