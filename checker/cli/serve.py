"""`check serve PATH...`: the local review app (docs/serve.md) on the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli.common import (EXIT_OK, ConfigOpt, QuietOpt, ReviewsOpt, RulesOpt, config_for, default_reviewer,
                                guarded, review_store_path, run_pipeline, stderr_line, sub_app)

# --- serve: the local review app -------------------------------------------------------------------

SERVE_EXIT_CODES_HELP = """\
Exit codes: 0 stopped with Ctrl-C or SIGTERM; 2 usage or input error (missing path, no readable
articles, bad config, a file that is not a review store, port not available); 3 internal error
(set CHECKER_DEBUG=1 for the traceback).
"""


@sub_app.command("serve", epilog=SERVE_EXIT_CODES_HELP)
def serve(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", show_default=False,
                                               help="Article files or folders of one story.")],
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on. Anything but a loopback "
                                                     "address lets other machines read the articles and "
                                                     "record decisions (there is no login): see "
                                                     "docs/serve.md.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", min=0, max=65535,
                                      help="Port to listen on; 0 picks a free one.")] = 8765,
    reviews: ReviewsOpt = None,
    show_dismissed: Annotated[bool, typer.Option("--show-dismissed", help="Show dismissed findings among the "
                                                                          "others (marked as such).")] = False,
    rules: RulesOpt = None, config_file: ConfigOpt = None, quiet: QuietOpt = False,
) -> None:
    """Serve the HTML report with a decision form per finding on http://127.0.0.1:8765/ (printed on
    stdout) until Ctrl-C. Decisions go to the review store (created on the first one)."""
    import signal
    import threading

    stopping = threading.Event()  # a stop was asked for while starting

    def body() -> int:
        from checker import serve as review_app_module
        from checker.storage.reviews import ReviewStore

        config = config_for(config_file, rules_dirs=rules)
        path = review_store_path(paths, reviews, config)
        if path.exists():  # a file that is not a review store fails before the (slow) run
            ReviewStore.open(path, create=False).close()
        report = run_pipeline(paths, config, quiet)

        def log(message: str) -> None:
            if not quiet or message.startswith("error"):
                stderr_line(message)

        session = review_app_module.ReviewSession(paths, config, path, show_dismissed=show_dismissed,
                                                  report=report, default_reviewer=default_reviewer(), log=log)
        return review_app_module.serve(session, host=host, port=port, stopping=stopping)

    def stoppable() -> int:
        """Ctrl-C or SIGTERM while starting (before the server loop handles them) is a clean stop too.

        Both set a flag that `serve` checks before it listens. Ctrl-C also raises KeyboardInterrupt, to
        stop the run at once as usual (the flag covers an exception swallowed inside a `__del__`);
        SIGTERM does not raise, so it never interrupts anything half-way: start-up ends, then it stops."""

        def stop_while_starting(signum, frame):
            stopping.set()
            if signum == signal.SIGINT:
                raise KeyboardInterrupt

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, stop_while_starting)
        try:
            return body()
        except KeyboardInterrupt:
            stderr_line("stopped")
            return EXIT_OK
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    raise typer.Exit(guarded(stoppable))


