#!/usr/bin/python3
# The real tern binary driven from the keyboard alone (xdotool) and read
# through the accessibility tree, as a screen reader reads it (AT-SPI):
#
#  - "Try the Sandbox" puts the keyboard in the post, and Tab walks the
#    composer;
#  - every button reads its label once ("Post", not "_Post Post"), an
#    attachment's buttons name its file, its thumbnail is described.
#
#   test-keyboard-a11y.py TERN
# Prints TAP.
import os
import re
import shutil
import subprocess
import sys
import tempfile

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402
import pyatspi  # noqa: E402

TERN = sys.argv[1]
DEADLINE_S = 90

work = tempfile.mkdtemp(prefix='tern-keyboard-')
env = dict(os.environ)
for var, sub in (('HOME', 'home'), ('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                 ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state')):
    env[var] = os.path.join(work, sub)
    os.makedirs(env[var])
# GTK 4 speaks AT-SPI unless told not to.
env.pop('GTK_A11Y', None)

n = 0
failed = False


def ok(cond, what, *details):
    global n, failed
    n += 1
    print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, what))
    for d in details:
        print('# ' + str(d).replace('\n', '\n# '))
    if not cond:
        failed = True
    return cond


# GTK 4.8 does not announce every focus change as an event: the focus is
# read from the tree (its "focused" state), checked again after each event
# and at short intervals, until it is what is waited for.
def tree_key(obj):
    key = []
    while obj is not None and obj.getRoleName() != 'application':
        key.append(obj.getIndexInParent())
        obj = obj.parent
    return tuple(key)


def focus_in(app):
    def search(obj):
        if obj.getState().contains(pyatspi.STATE_FOCUSED):
            return obj
        for child in obj:
            if child is not None:
                found = search(child)
                if found is not None:
                    return found
        return None
    try:
        return search(app)
    except Exception:  # the tree changed under the walk: look again
        return None


listener = Atspi.EventListener.new(lambda event: None)
for event_type in ('object:state-changed', 'object:children-changed', 'object:text-changed'):
    listener.register(event_type)


def wait_until(predicate, what):
    """Runs the main loop (AT-SPI's events arrive there) until predicate()
    holds; fails after DEADLINE_S."""
    expired = []
    source = GLib.timeout_add_seconds(DEADLINE_S, lambda: expired.append(1) or False)
    tick = GLib.timeout_add(50, lambda: True)
    ctx = GLib.MainContext.default()
    try:
        while True:
            result = predicate()
            if result:
                return result
            if expired:
                raise TimeoutError('waited %d s for %s' % (DEADLINE_S, what))
            ctx.iteration(True)
    finally:
        GLib.source_remove(tick)
        if not expired:
            GLib.source_remove(source)


def role(obj):
    return obj.getRoleName()


def page_of(obj):
    """The window's page (the stack page's title) holding obj."""
    pages = ('Compose', 'Sign In')
    while obj is not None:
        try:
            if obj.name in pages and role(obj) == 'panel':
                return obj.name
            obj = obj.parent
        except Exception:
            return None
    return None


def describe(obj):
    return '%s %r in %s' % (role(obj), obj.name, page_of(obj))


def walk(obj):
    """The tree under obj. A part that goes away while it is read (a
    window opening or closing) is skipped, not an error."""
    yield obj
    try:
        children = list(obj)
    except Exception:
        return
    for child in children:
        if child is not None:
            yield from walk(child)


def find(root, predicate):
    for obj in walk(root):
        try:
            if predicate(obj):
                return obj
        except Exception:
            pass
    return None


MNEMONIC = re.compile(r'(^|\s)_\w')
DOUBLED = re.compile(r'_(\w+)\W+\1')
TYPE_NAME = re.compile(r'^(Gtk|Adw|Tern)[A-Z]\w*$')


def name_problem(name):
    if not name:
        return 'no name'
    if DOUBLED.search(name):
        return 'mnemonic and label both read'
    if MNEMONIC.search(name):
        return 'underscore read out'
    if TYPE_NAME.match(name):
        return 'named after its type'
    return None


def key(*keys):
    subprocess.run(['xdotool', 'key', '--clearmodifiers', *keys], check=True)


def press_tab(app):
    before = focus_in(app)
    before = tree_key(before) if before is not None else None
    key('Tab')

    def moved():
        now = focus_in(app)
        return now if now is not None and tree_key(now) != before else None
    return wait_until(moved, 'the focus to move')


def screenshot(window, name):
    artifacts = os.environ.get('TERN_TEST_ARTIFACTS')
    if artifacts:
        subprocess.run(['import', '-window', window, os.path.join(artifacts, name + '.png')],
                       stderr=subprocess.DEVNULL)


subprocess.run(['gst-launch-1.0', '-q', 'videotestsrc', 'num-buffers=1', 'pattern=smpte', '!',
                'video/x-raw,width=640,height=480', '!', 'pngenc', '!', 'filesink',
                'location=' + os.path.join(work, 'beach.png')],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

print('1..11')
procs = []
try:
    proc = subprocess.Popen([TERN], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(proc)
    window = subprocess.run(['timeout', '60', 'xdotool', 'search', '--sync', '--onlyvisible',
                             '--pid', str(proc.pid)],
                            capture_output=True, text=True).stdout.split()[0]

    def tern_app():
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == proc.pid:
                return app
        return None

    app = wait_until(tern_app, 'tern on the accessibility bus')
    subprocess.run(['xdotool', 'windowfocus', '--sync', window], check=True)

    # 1. With no account the sign-in page is on screen; its buttons read
    #    their labels once. (Where the keyboard starts and where Tab goes is
    #    test-sign-in-page's /window/keyboard-first-run: GTK 4.8 does not
    #    expose the focus of an entry row to AT-SPI.)
    sandbox = wait_until(lambda: find(app, lambda o: o.name == 'Try the Sandbox'
                                      and role(o) == 'push button'),
                         'the sign-in page')
    screenshot(window, 'keyboard-sign-in')
    problems = []
    for obj in walk(app):
        try:
            if role(obj) in ('push button', 'toggle button', 'link') and page_of(obj) == 'Sign In':
                problem = name_problem(obj.name)
                if problem:
                    problems.append('%s: %s' % (describe(obj), problem))
        except Exception:
            pass
    ok(not problems, 'every button of the sign-in page reads its label once', *problems)

    # 2. "Try the Sandbox", activated as a screen reader does: the keyboard
    #    lands in the post, on the page now on screen, and types there.
    sandbox.queryAction().doAction(0)

    def in_post():
        now = focus_in(app)
        return now if now is not None and now.name == 'Post Text' and page_of(now) == 'Compose' else None
    post_text = wait_until(in_post, 'the keyboard in the post')
    ok(True, 'after signing in to the sandbox the keyboard is in the post')
    key('H', 'i')
    text = post_text.queryText()
    wait_until(lambda: text.getText(0, -1) == 'Hi', 'the typed text')
    ok(True, 'keys typed go into the post')

    # 3. Tab from the post: every stop in the composer, read once.
    seen = []
    unnamed = []
    for _ in range(25):
        obj = press_tab(app)
        seen.append(describe(obj))
        if name_problem(obj.name):
            unnamed.append('%s: %s' % (describe(obj), name_problem(obj.name)))
        if obj.name == 'Post Text':
            break
    ok(any(repr('Post') in s for s in seen) and not unnamed,
       'Tab through the composer: each stop has a name read once, Post reads "Post"',
       *(seen + unnamed))

    # 4. An attachment: its buttons name the file, its thumbnail is described.
    subprocess.run([TERN, os.path.join(work, 'beach.png')], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    remove = wait_until(lambda: find(app, lambda o: o.name == 'Remove beach.png'),
                        'the attachment tile')
    ok(role(remove) == 'push button', 'the attachment\'s remove button reads "Remove beach.png"',
       describe(remove))
    describe_button = wait_until(lambda: find(app, lambda o: o.name == 'Describe beach.png'),
                                 'the description button')
    ok(role(describe_button) == 'push button',
       'the attachment\'s description button reads "Describe beach.png"', describe(describe_button))
    thumbnail = wait_until(lambda: find(app, lambda o: o.description == 'beach.png, image'),
                           'the thumbnail\'s description')
    ok(role(thumbnail) == 'image' and thumbnail.name == 'beach.png',
       'the thumbnail is named by its file and described by its name and kind',
       describe(thumbnail))
    screenshot(window, 'keyboard-compose')

    # 5. Every button anywhere in the window reads its label once.
    problems = []
    for obj in walk(app):
        try:
            if role(obj) in ('push button', 'toggle button') and page_of(obj) is not None:
                problem = name_problem(obj.name)
                if problem:
                    problems.append('%s: %s' % (describe(obj), problem))
        except Exception:
            pass
    ok(not problems, 'every button of both pages reads its label once', *problems)

    # 6. `tern --sandbox` on a first start: once signed in and settled, keys
    #    typed go into the post. When the window switched from the sign-in
    #    page to the composer before it was mapped, GTK 4.8 moved the
    #    keyboard on the first layouts from the post's text to its Attach
    #    button, where a typed space opened the file chooser.
    for p in procs:
        p.terminate()
        p.wait()
    procs.clear()
    fresh = tempfile.mkdtemp(prefix='tern-keyboard-sandbox-', dir=work)
    env2 = dict(env)
    for var, sub in (('HOME', 'home'), ('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state')):
        env2[var] = os.path.join(fresh, sub)
        os.makedirs(env2[var])
    proc = subprocess.Popen([TERN, '--sandbox'], env=env2, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    procs.append(proc)
    window = subprocess.run(['timeout', '60', 'xdotool', 'search', '--sync', '--onlyvisible',
                             '--pid', str(proc.pid)],
                            capture_output=True, text=True).stdout.split()[0]
    app = wait_until(tern_app, 'tern --sandbox on the accessibility bus')
    subprocess.run(['xdotool', 'windowfocus', '--sync', window], check=True)
    wait_until(lambda: find(app, lambda o: '@sandbox' in (o.name or '')), 'the sandbox signed in')
    post_text = wait_until(lambda: find(app, lambda o: o.name == 'Post Text'), 'the post')
    key('a', 'space', 'b')
    text = post_text.queryText()
    wait_until(lambda: text.getText(0, -1) == 'a b', 'the keys in the post, not elsewhere')
    ok(focus_in(app) is not None and focus_in(app).name == 'Post Text',
       'tern --sandbox: keys typed once it has settled go into the post', describe(focus_in(app)))

    # 7. Ctrl+? shows the shortcuts window (built the first time it is
    #    asked for); Esc closes it and typing goes on in the post.
    key('ctrl+question')
    shortcuts = wait_until(lambda: find(app, lambda o: role(o) == 'frame'
                                        and o.name == 'Keyboard Shortcuts'
                                        and o.getState().contains(pyatspi.STATE_SHOWING)),
                           'the shortcuts window, named for a screen reader')
    listed = find(shortcuts, lambda o: o.name == 'Post the thread')
    ok(listed is not None, 'Ctrl+? shows the "Keyboard Shortcuts" window, with "Post the thread" in it',
       describe(shortcuts))
    key('Escape')
    def shortcuts_closed():
        try:
            return not shortcuts.getState().contains(pyatspi.STATE_SHOWING)
        except Exception:   # gone from the tree: closed too
            return True
    wait_until(shortcuts_closed, 'the shortcuts window to close')
    subprocess.run(['xdotool', 'windowfocus', '--sync', window], check=True)
    key('c')
    wait_until(lambda: text.getText(0, -1) == 'a bc', 'the key in the post after Esc')
    ok(True, 'after Esc closes the shortcuts window, keys go into the post again')
except Exception as e:  # a hang or a missing widget is a failure, said plainly
    ok(False, 'the walk finished', repr(e))
finally:
    for p in procs:
        p.terminate()
        p.wait()
    shutil.rmtree(work, ignore_errors=True)

sys.exit(1 if failed else 0)
