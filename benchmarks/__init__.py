"""nemo's benchmark suite: ``python -m benchmarks`` (see benchmarks/README.md).

Sections: start-up (against ``python -c pass`` and the peers llm and sgpt), streaming (``nemo
say`` against a bare httpx-sse loop), upload and download (against curl), the chat round trip,
and rendering (``render_bench.py``, the local engine's). Every figure is measured in the same
run as its reference, on the same machine, and reported as a ratio.
"""
