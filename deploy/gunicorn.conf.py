"""gunicorn's settings for Memoria (deploy/memoria-web.service runs
`gunicorn --config deploy/gunicorn.conf.py archive.wsgi`). Each can be changed from the
environment file without editing this one."""

import multiprocessing
import os

# A unix socket that only nginx talks to; GUNICORN_BIND=127.0.0.1:8001 for a TCP port.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/memoria/gunicorn.sock")
# Synchronous workers: pages wait on the database, so two per core plus one keeps the
# cores busy without one slow search holding back the others.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request still running after this is killed (and logged); nginx waits as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory: a slow disk must not look like a stuck worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Both logs to stderr (the journal under systemd). The access log leaves out the visitor's
# address (nginx's anyway) and the query string: a search for a person's name is not logged.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "memoria"
