#!/usr/bin/python3
# A Secret Service that never finishes: it owns org.freedesktop.secrets on
# the session bus, says every item is locked, and answers Unlock,
# CreateItem and Delete with a prompt that never completes, as a locked
# keyring does when its password prompt cannot show (no prompter, a
# headless session) or a stuck Secret portal does. Removing an unlocked
# item asks for a prompt too (as gnome-keyring may). test-keyring-deadline
# runs Tern's keyring calls against it.
#
#   hostile-keyring.py      (prints "ready" once it owns the name)

import sys

from gi.repository import Gio, GLib

ROOT = '/org/freedesktop/secrets'
COLLECTION = ROOT + '/collection/login'
ITEM = COLLECTION + '/1'
PROMPT = ROOT + '/prompt/never'

ITEM_PROPS = {
    'Locked': GLib.Variant('b', True),
    'Label': GLib.Variant('s', 'Tern'),
    'Attributes': GLib.Variant('a{ss}', {'xdg:schema': 'io.github.tern_app.Tern.Token'}),
    'Created': GLib.Variant('t', 0),
    'Modified': GLib.Variant('t', 0),
}
COLLECTION_PROPS = {
    'Locked': GLib.Variant('b', True),
    'Label': GLib.Variant('s', 'Login'),
    'Items': GLib.Variant('ao', [ITEM]),
    'Created': GLib.Variant('t', 0),
    'Modified': GLib.Variant('t', 0),
}
SERVICE_PROPS = {'Collections': GLib.Variant('ao', [COLLECTION])}


def props_of(path):
    return {ROOT: SERVICE_PROPS, COLLECTION: COLLECTION_PROPS, ITEM: ITEM_PROPS}.get(path, {})


def answer(message):
    """The reply body for a method call, or an error name."""
    member, path = message.get_member(), message.get_path()
    args = message.get_body()
    if member == 'OpenSession':
        if args is None or args[0] != 'plain':
            return 'org.freedesktop.DBus.Error.NotSupported'
        return GLib.Variant('(vo)', (GLib.Variant('s', ''), ROOT + '/session/1'))
    if member == 'SearchItems':
        # An unlocked item for user-id "unlocked": removing it asks for
        # a prompt too.
        if args[0].get('user-id') == 'unlocked':
            return GLib.Variant('(aoao)', ([ITEM], []))
        return GLib.Variant('(aoao)', ([], [ITEM]))
    if member == 'Unlock':
        return GLib.Variant('(aoo)', ([], PROMPT))
    if member == 'ReadAlias':
        return GLib.Variant('(o)', (COLLECTION,))
    if member == 'CreateItem':
        return GLib.Variant('(oo)', ('/', PROMPT))
    if member == 'Delete':
        return GLib.Variant('(o)', (PROMPT,))
    if member == 'Prompt':
        return GLib.Variant('()', ())   # and Completed never comes
    if member == 'GetAll':
        return GLib.Variant('(a{sv})', (props_of(path),))
    if member == 'Get':
        value = props_of(path).get(args[1])
        if value is None:
            return 'org.freedesktop.DBus.Error.UnknownProperty'
        return GLib.Variant('(v)', (value,))
    if member == 'Introspect':
        return GLib.Variant('(s)', ('<node/>',))
    return 'org.freedesktop.DBus.Error.UnknownMethod'


def on_message(connection, message, incoming):
    if not incoming or message.get_message_type() != Gio.DBusMessageType.METHOD_CALL:
        return message
    path = message.get_path() or ''
    if not path.startswith(ROOT):
        return message
    body = answer(message)
    if isinstance(body, str):
        reply = message.new_method_error_literal(body, 'not here')
    else:
        reply = message.new_method_reply()
        reply.set_body(body)
    connection.send_message(reply, Gio.DBusSendMessageFlags.NONE)
    return None


def main():
    loop = GLib.MainLoop()
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    connection.add_filter(on_message)

    def acquired(*_):
        print('ready', flush=True)

    def lost(*_):
        print('could not own org.freedesktop.secrets', file=sys.stderr, flush=True)
        loop.quit()

    Gio.bus_own_name_on_connection(connection, 'org.freedesktop.secrets',
                                   Gio.BusNameOwnerFlags.NONE, acquired, lost)
    loop.run()
    return 1


if __name__ == '__main__':
    sys.exit(main())
