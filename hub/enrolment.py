"""The hub's enrolment endpoint: HTTP over :class:`provisioning.enrolment.EnrolmentService`.

Mount with ``app.include_router(router)`` and put an :class:`EnrolmentService` on
``app.state.enrolment`` (``install(app, service)`` does both). Serve it over HTTPS with
the broker-style server certificate so devices can verify it against the fleet CA.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request

from provisioning.enrolment import EnrolmentService
from provisioning.errors import EnrolmentRefusedError
from wire import enrolment as msg

log = logging.getLogger(__name__)
router = APIRouter(tags=["enrolment"])


def _service(request: Request) -> EnrolmentService:
    service = getattr(request.app.state, "enrolment", None)
    if not isinstance(service, EnrolmentService):
        raise HTTPException(503, "enrolment is not configured on this hub")
    return service


def _run(action: Any, body: dict[str, Any]) -> dict[str, Any]:
    try:
        response: msg.EnrolResponse = action(body)
    except msg.EnrolmentMessageError as exc:
        raise HTTPException(400, str(exc)) from exc
    except EnrolmentRefusedError as exc:
        log.warning("enrolment refused: %s", exc)
        raise HTTPException(exc.status, str(exc)) from exc
    return response.to_dict()


@router.post(msg.ENROL_PATH)
def first_boot(body: dict[str, Any], request: Request) -> dict[str, Any]:
    service = _service(request)
    return _run(lambda b: service.enrol(msg.EnrolRequest.from_dict(b)), body)


@router.post(msg.RENEW_PATH)
def renew(body: dict[str, Any], request: Request) -> dict[str, Any]:
    service = _service(request)
    return _run(lambda b: service.renew(msg.RenewRequest.from_dict(b)), body)


def install(app: FastAPI, service: EnrolmentService) -> None:
    """Mount the enrolment routes on ``app`` backed by ``service``."""
    app.state.enrolment = service
    app.include_router(router)


def create_enrolment_app(service: EnrolmentService) -> FastAPI:
    """A device-facing app with only the enrolment routes (no sessions, no CSRF, JSON errors).

    Run it on its own HTTPS port (``python -m hub serve-enrolment``) so devices
    never reach the caseworker UI.
    """
    app = FastAPI(title="Samtal enrolment", docs_url=None, redoc_url=None, openapi_url=None)
    install(app, service)
    return app
