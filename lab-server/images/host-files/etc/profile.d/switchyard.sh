[ -f /etc/motd ] && [ -z "${SWITCHYARD_QUIET:-}" ] && cat /etc/motd
