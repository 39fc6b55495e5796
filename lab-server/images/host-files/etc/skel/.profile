# Login shells read this; the interactive set-up lives in .bashrc.
[ -f ~/.bashrc ] && . ~/.bashrc
