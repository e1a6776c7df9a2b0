"""Load the embedding model and open the vector store when a RAG process starts, not on its
first question (which would otherwise wait for the model: seconds, longer on a busy machine).

Started from `healthkon.wsgi` in the two RAG services only (each gunicorn worker after its fork),
and by the Celery index worker; in a background thread, so the process answers /health at once.
"""

import logging
import threading

logger = logging.getLogger(__name__)
_started = threading.Event()


def warm_up() -> None:
    from rag import embeddings, vectorstore

    try:
        embeddings.embed(["pemanasan model"])
        vectorstore.get_collection()
    except Exception:  # noqa: BLE001 -- the first question retries and reports the real error
        logger.exception("RAG warm-up failed")


def warm_up_in_background() -> None:
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=warm_up, name="rag-warm-up", daemon=True).start()
