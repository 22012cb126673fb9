"""The warm start of ``mawsua bulk``'s local Dask workers.

A ``LocalCluster`` started the default way (``spawn``) starts a new interpreter per worker,
which imports Dask and Mawsua and loads the pipeline's models, lexicons and gazetteers on its
first record: 10-12 s before the first chunk comes back on this 2-core machine, paid again
by every worker. ``mawsua bulk`` starts its local workers with the ``forkserver`` method
instead, and has the fork server import this module once: the pipeline is loaded and warmed
here by processing one short built-in paragraph (:func:`warm`), the collector is tuned as
``ingest``'s workers tune it (:func:`mawsua.app.ingest.tune_gc`), and every worker forked
from the server starts with all of it loaded, sharing those pages. Only the fork server
imports it; a worker of a remote ``--scheduler`` loads the pipeline on its first record.
"""

from __future__ import annotations

from mawsua.app.ingest import preload_language_models, process_for_store, tune_gc
from mawsua.model.raw import RawItem

#: a short news paragraph that reaches every lazily loaded part of the pipeline (repairs'
#: word lists, the gazetteer, the NER model, the language models); not stored anywhere
_WARM_TEXT = ("قال وزير الخارجية المصري في مؤتمر صحفي بالقاهرة يوم الأحد إن المحادثات مع "
              "الأردن والسعودية مستمرة، وأضاف أن الرئيس سيزور بغداد الشهر المقبل.")


def warm() -> bool:
    """Load the pipeline's models and caches by processing :data:`_WARM_TEXT` (nothing is
    stored); ``False`` when that failed (the workers then load on their first record)."""
    try:
        preload_language_models()
        data = _WARM_TEXT.encode()
        process_for_store(RawItem("warm-up", "text", data, _WARM_TEXT, "utf-8"))
    except Exception:  # noqa: BLE001 - a warm-up only: the real records report their errors
        return False
    return True


WARM = warm()
tune_gc()
