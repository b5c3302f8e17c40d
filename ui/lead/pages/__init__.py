"""The team lead's window in pages: each tab is a widget of its own (monitor, campaigns,
queues), the queue actions and the exports are small helpers, and ui/lead/window.py is
the shell that holds them, the menus, the shortcuts and the refresh loop."""
