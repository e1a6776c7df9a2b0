"""The six services: name, port, settings module and the original design's name."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    original_name: str  # the name used by the original FastAPI design's running.py
    title: str

    @property
    def settings_module(self) -> str:
        return f"healthkon.settings.{self.name}"


SERVICES: tuple[Service, ...] = (
    Service("auth", 8000, "auth", "Healthkon Auth"),
    Service("records", 8001, "rm", "Healthkon Medical Records (staff)"),
    Service("rag", 8002, "rag", "Healthkon Records Q&A (staff)"),
    Service("records_mobile", 8003, "rm_mobile", "Healthkon Medical Records (patient)"),
    Service("rag_mobile", 8004, "rag_mobile", "Healthkon Records Q&A (patient)"),
    Service("calculator", 8005, "health_calc", "Healthkon Health Calculator"),
)


def service_by_name(name: str) -> Service:
    """Find a service by its name or its original design name (e.g. `rm`, `health_calc`)."""
    for service in SERVICES:
        if name in (service.name, service.original_name):
            return service
    raise KeyError(name)


# Written into the Chroma directory by `runservices` while its Chroma server runs there: what
# would open the directory embedded (`rag_index` typed by hand) uses the server instead.
VECTOR_SERVER_MARKER = "healthkon-server.json"
