"""Chroma wiring: our registered embedding function, embedded by default, a server when configured."""

from rag import vectorstore


def test_stored_collection_reopens_with_our_embedding_function(chroma):
    chroma.add(ids=["a"], documents=["Demam berdarah dengue"])  # embedded by our function
    # Re-opened with no function given, Chroma rebuilds ours from the stored config (registered),
    # never its downloading default: query_texts below would fail offline otherwise.
    reopened = vectorstore.get_client().get_collection(chroma.name, embedding_function=None)
    stored = reopened.configuration_json["embedding_function"]
    assert stored["name"] == vectorstore.HealthkonEmbeddingFunction.name()
    found = reopened.query(query_texts=["dengue"], n_results=1)
    assert found["ids"] == [["a"]]


def test_chroma_url_selects_the_http_client(monkeypatch, settings):
    calls = []
    monkeypatch.setattr(vectorstore.chromadb, "HttpClient", lambda **kwargs: calls.append(kwargs) or object())
    settings.CHROMA_URL = "https://chroma.internal:8100"
    client = vectorstore.get_client()
    assert client is vectorstore.get_client()  # one per location per process
    assert calls[0]["host"] == "chroma.internal"
    assert calls[0]["port"] == 8100
    assert calls[0]["ssl"] is True
    vectorstore._clients.clear()


def test_a_directory_served_by_a_running_server_is_never_opened_embedded(tmp_path):
    import json
    import os

    from rag.vectorstore import running_server_url

    assert running_server_url(tmp_path) == ""
    (tmp_path / "healthkon-server.json").write_text(json.dumps({"url": "http://127.0.0.1:8100", "pid": os.getpid()}))
    assert running_server_url(tmp_path) == "http://127.0.0.1:8100"
    # A server that died without cleaning up leaves a stale marker: the directory is free again.
    (tmp_path / "healthkon-server.json").write_text(json.dumps({"url": "http://127.0.0.1:8100", "pid": 2**22 + 7}))
    assert running_server_url(tmp_path) == ""
