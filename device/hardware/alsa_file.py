"""A file-backed ALSA capture device, for tests, benchmarks and the demo.

ALSA's `file` PCM plays a raw S16_LE file as if it were a sound card; wrapped in `plug`
it takes any rate/channel request. PyAudio lists it once `ALSA_CONFIG_PATH` points at
the generated config (set before PyAudio is first initialised in the process).
"""

from __future__ import annotations

from pathlib import Path

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")


def write_alsa_config(raw_path: Path, channels: int, name: str = "samtal_file") -> Path:
    """Write `alsa.conf` beside `raw_path` with a capture PCM `name` reading that file.

    Returns the config path; export it as ALSA_CONFIG_PATH. `channels` is recorded in the
    device description only: `plug` converts whatever the reader asks for.
    """
    pcm = f"""
pcm.{name} {{
    type plug
    slave.pcm {{
        type file
        slave.pcm "null"
        file "/dev/null"
        infile "{raw_path.resolve()}"
        format "raw"
    }}
    hint {{
        show on
        description "samtal file-backed microphone ({channels} channels)"
    }}
}}
"""
    conf = raw_path.resolve().parent / f"{name}.alsa.conf"
    conf.write_text(SYSTEM_ALSA_CONF.read_text() + pcm)
    return conf
