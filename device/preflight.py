"""What the daemon checks before it builds anything: the model files and the enrolment.

:func:`checked_sealer` runs both checks and loads the note sealer from the identity.

Each check names the missing file and the command that provides it, so a device that
cannot work says so at start-up instead of failing at the end of the first meeting.
"""

from __future__ import annotations

from pathlib import Path

from device.delivery.sealing import Sealer
from device.delivery.settings import DeliverySettings
from device.enrolment import DeviceIdentity, EnrolmentFailedError
from device.model_files import require
from device.settings import DeviceSettings
from wire.recipient import RecipientPublicKey


def model_files(settings: DeviceSettings) -> list[tuple[Path, str]]:
    """Every model file the configured pipeline loads, with what it is."""
    speech, asr = settings.speech, settings.speech.asr
    files = [
        (speech.model_path(speech.vad.model), "silero VAD model"),
        (speech.model_path(asr.encoder), "Whisper encoder"),
        (speech.model_path(asr.decoder), "Whisper decoder"),
        (speech.model_path(asr.tokens), "Whisper token table"),
    ]
    if asr.fallback_encoder is not None and asr.fallback_decoder is not None:
        files.append((speech.model_path(asr.fallback_encoder), "fallback Whisper encoder"))
        files.append((speech.model_path(asr.fallback_decoder), "fallback Whisper decoder"))
    if settings.note.llm.model_path is not None:
        files.append((settings.note.llm.model_path.expanduser(), "note language model (GGUF)"))
    return files


def check_models(settings: DeviceSettings) -> None:
    """Raise ModelFileMissingError for the first configured model file that is absent."""
    for path, what in model_files(settings):
        require(path, what)


def check_enrolled(identity: DeviceIdentity) -> None:
    """Raise EnrolmentFailedError when the note-signing key or the hub's key is missing."""
    for path, what in (
        (identity.signing_key_file, "note-signing key"),
        (identity.recipient_file, "hub recipient key"),
    ):
        if not path.is_file():
            raise EnrolmentFailedError(
                f"{what} {path} is missing; run `python -m device enroll --bundle DIR --state DIR`"
            )


def checked_sealer(settings: DeviceSettings, delivery: DeliverySettings) -> Sealer:
    """Check every model file and the enrolment, then the note sealer from the identity."""
    check_models(settings)
    identity = DeviceIdentity(settings.identity.identity_dir)
    check_enrolled(identity)
    try:
        recipient = RecipientPublicKey.from_bytes(identity.recipient_file.read_bytes())
        return Sealer(delivery.device_id, identity.signing_key(), recipient)
    except ValueError as exc:  # a damaged key file
        raise EnrolmentFailedError(str(exc)) from exc
