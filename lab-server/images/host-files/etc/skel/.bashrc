# Switchyard sandbox host shell.
[ -z "$PS1" ] && return
HISTSIZE=5000
HISTCONTROL=ignoredups
shopt -s checkwinsize histappend
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
PS1='\[\e[1;36m\]\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
alias ls='ls --color=auto'
alias ll='ls -l'
