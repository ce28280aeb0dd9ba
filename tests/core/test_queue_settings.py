"""Jobs wait in a SQLite file by default, on a shared Redis queue when LANDREG_HUEY_REDIS_URL is set: the
settings wire huey from the environment, and a job queued by one process is taken by a worker of another."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from landreg.core.background.queue_settings import QueueSettingsError, huey_from_env
from tests.test_settings import run_manage

VAR = Path("/srv/landreg/var")


def test_jobs_wait_in_a_sqlite_file_unless_told_otherwise():
    config = huey_from_env({}, VAR)
    assert config["huey_class"] == "huey.SqliteHuey"
    assert config["filename"] == "/srv/landreg/var/jobs.sqlite3"
    assert huey_from_env({"LANDREG_HUEY_FILE": "/tmp/q.db"}, VAR)["filename"] == "/tmp/q.db"


def test_a_redis_url_puts_the_queue_on_redis():
    config = huey_from_env({"LANDREG_HUEY_REDIS_URL": "redis://file-attente.mairie.example:6379/2"}, VAR)
    assert config["huey_class"] == "huey.RedisHuey"
    assert config["url"] == "redis://file-attente.mairie.example:6379/2"
    assert "filename" not in config and config["name"] == "landreg"


def test_anything_but_a_redis_url_is_refused_with_its_name():
    with pytest.raises(QueueSettingsError, match="'amqp'"):
        huey_from_env({"LANDREG_HUEY_REDIS_URL": "amqp://broker.example/"}, VAR)


def test_the_running_settings_build_a_redis_huey_from_the_environment():
    script = (
        "from huey.contrib.djhuey import HUEY; pool = HUEY.storage.pool; "
        "print(type(HUEY).__name__, pool.connection_kwargs['host'], pool.connection_kwargs['db'])"
    )
    pytest.importorskip("redis")
    result = run_manage(
        "shell", "-c", script, LANDREG_DEMO="1", LANDREG_HUEY_REDIS_URL="redis://file-attente.example:6379/2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "RedisHuey file-attente.example 2"
    alone = run_manage(
        "shell", "-c", "from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)", LANDREG_DEMO="1"
    )
    assert alone.stdout.strip().splitlines()[-1] == "SqliteHuey"


@pytest.fixture
def redis_url(tmp_path):
    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_job_queued_on_one_machine_is_taken_by_a_worker_elsewhere(redis_url):
    from huey import RedisHuey

    def queue():  # each process (web server, worker) builds its own huey from the same settings
        config = huey_from_env({"LANDREG_HUEY_REDIS_URL": redis_url}, VAR)
        config.pop("huey_class")
        return RedisHuey(config.pop("name"), **{**config, "blocking": False})

    web, worker = queue(), queue()
    printed = []

    def print_campaign(village):
        printed.append(village)

    # The same task module is imported by the web server and by the worker: one name on both sides.
    enqueue = web.task(name="print_campaign")(print_campaign)
    worker.task(name="print_campaign")(print_campaign)

    enqueue("Ɓanfora-Sud")  # the web side queues the job, nothing runs there
    assert printed == [] and worker.pending_count() == 1
    worker.execute(worker.dequeue())
    assert printed == ["Ɓanfora-Sud"] and worker.pending_count() == 0
