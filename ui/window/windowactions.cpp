// SPDX-License-Identifier: MIT
#include "window/windowactions.h"

#include "models/modelwords.h"
#include "record/recordedevent.h"
#include "render/statepalette.h"

#include <QAction>
#include <QIcon>
#include <QKeySequence>
#include <QPainter>
#include <QPixmap>
#include <QWidget>
#include <functional>

namespace poolscope {

namespace {

// Toolbar icons drawn from the state glyphs, so the buttons speak the legend's language.
QIcon glyphIcon(const std::function<void(QPainter *, const QRectF &)> &paint)
{
    QIcon icon;
    for (int size : { 16, 24, 32, 48, 64 }) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRectF(0, 0, size, size));
        icon.addPixmap(pm);
    }
    return icon;
}

QIcon stateGlyphIcon(TaskState s)
{
    return glyphIcon([s](QPainter *p, const QRectF &r) { palette::paintStateGlyph(p, r, s); });
}

QIcon lampIcon(bool set)
{
    return glyphIcon([set](QPainter *p, const QRectF &r) {
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(set ? palette::lampSetColor().darker(140) : QColor(0x8A8A8A), std::max(1.0, r.width() / 14)));
        p->setBrush(set ? palette::lampSetColor() : palette::lampClearColor());
        p->drawEllipse(r.adjusted(r.width() * 0.15, r.width() * 0.15, -r.width() * 0.15, -r.width() * 0.15));
    });
}

QIcon pauseIcon()
{
    return glyphIcon([](QPainter *p, const QRectF &r) {
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0x4D4D4D));
        const qreal w = r.width() * 0.22;
        p->drawRoundedRect(QRectF(r.left() + r.width() * 0.2, r.top() + r.height() * 0.15, w, r.height() * 0.7), 1, 1);
        p->drawRoundedRect(QRectF(r.right() - r.width() * 0.2 - w, r.top() + r.height() * 0.15, w, r.height() * 0.7), 1, 1);
    });
}

// Simple line glyphs for the commands that have no state of their own, so an icon-only toolbar (large
// text on a small screen) still tells them apart.
QIcon lineIcon(const std::function<void(QPainter *, const QRectF &)> &draw)
{
    return glyphIcon([&draw](QPainter *p, const QRectF &r) {
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(QColor(0x4D4D4D), std::max(1.5, r.width() / 10), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p->setBrush(Qt::NoBrush);
        draw(p, r.adjusted(r.width() * 0.15, r.height() * 0.15, -r.width() * 0.15, -r.height() * 0.15));
    });
}

QIcon stepIcon() // ▶| : one more step
{
    return lineIcon([](QPainter *p, const QRectF &r) {
        p->setBrush(QColor(0x4D4D4D));
        p->drawPolygon(QPolygonF({ r.topLeft(), QPointF(r.left() + r.width() * 0.65, r.center().y()), r.bottomLeft() }));
        p->drawLine(QPointF(r.right(), r.top()), QPointF(r.right(), r.bottom()));
    });
}

QIcon openIcon() // a folder
{
    return lineIcon([](QPainter *p, const QRectF &r) {
        QPolygonF folder({ QPointF(r.left(), r.top() + r.height() * 0.15), QPointF(r.left() + r.width() * 0.4, r.top() + r.height() * 0.15),
                           QPointF(r.left() + r.width() * 0.5, r.top() + r.height() * 0.3), QPointF(r.right(), r.top() + r.height() * 0.3),
                           QPointF(r.right(), r.bottom()), QPointF(r.left(), r.bottom()) });
        p->drawPolygon(folder);
    });
}

QIcon endBlockIcon() // a closing bracket: leave the with block
{
    return lineIcon([](QPainter *p, const QRectF &r) {
        p->drawPolyline(QPolygonF({ QPointF(r.left() + r.width() * 0.3, r.top()), QPointF(r.right(), r.top()),
                                    QPointF(r.right(), r.bottom()), QPointF(r.left() + r.width() * 0.3, r.bottom()) }));
        p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right() - r.width() * 0.3, r.center().y()));
    });
}

} // namespace

WindowActions::WindowActions(QWidget *window) : QObject(window), m_window(window)
{
    make(RunAction, QStringLiteral("&Run scenario"), { QKeySequence(Qt::Key_F5) })->setIcon(stateGlyphIcon(TaskState::Running));
    make(OpenAction, QStringLiteral("&Open…"), { QKeySequence(Qt::CTRL | Qt::Key_O) })->setIcon(openIcon());
    make(SaveAction, QStringLiteral("&Save run…"), { QKeySequence(Qt::CTRL | Qt::Key_S) });
    make(ResetAction, QStringLiteral("Reset &pool"), { QKeySequence(Qt::CTRL | Qt::Key_R) });
    make(QueueAction, QStringLiteral("&Queue task"), { QKeySequence(Qt::Key_Insert), QKeySequence(Qt::CTRL | Qt::Key_N) })
            ->setIcon(stateGlyphIcon(TaskState::Pending));
    make(CancelAction, QStringLiteral("&Cancel selected"), { QKeySequence(Qt::Key_Delete) })
            ->setIcon(stateGlyphIcon(TaskState::Cancelled));
    make(CancelAllAction, QStringLiteral("Ca&ncel all"), { QKeySequence(Qt::SHIFT | Qt::Key_Delete) })
            ->setIcon(stateGlyphIcon(TaskState::Cancelled));
    make(StopAction, QStringLiteral("Set &event"), { QKeySequence(Qt::CTRL | Qt::Key_E) })->setIcon(lampIcon(true));
    make(ClearAction, QStringLiteral("C&lear event"), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E) })
            ->setIcon(lampIcon(false));
    make(ShutdownAction, QStringLiteral("Shut&down"), { QKeySequence(Qt::CTRL | Qt::Key_D) })
            ->setIcon(stateGlyphIcon(TaskState::Stopped));
    // Not Alt+W / Alt+F: Alt+letter belongs to the menus' and buttons' mnemonics (Alt+F opens File).
    QAction *wait = make(ShutdownWaitOption, QStringLiteral("shutdown: &wait"), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W) });
    wait->setCheckable(true);
    wait->setChecked(true);
    make(ShutdownCancelFuturesOption, QStringLiteral("shutdown: cancel_&futures"), { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F) })
            ->setCheckable(true);
    make(FinishAction, QStringLiteral("End with &block"), { QKeySequence(Qt::CTRL | Qt::Key_Return) })->setIcon(endBlockIcon());
    QAction *pause = make(PauseAction, QStringLiteral("P&ause"), { QKeySequence(Qt::CTRL | Qt::Key_P) });
    pause->setCheckable(true);
    pause->setIcon(pauseIcon());
    make(StepAction, QStringLiteral("S&tep"), { QKeySequence(Qt::CTRL | Qt::Key_Period) })->setIcon(stepIcon());
    make(LiveAction, QStringLiteral("&Follow live"), { QKeySequence(Qt::Key_End) });
    make(LargerTextAction, QStringLiteral("&Larger text"),
         { QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal) });
    make(SmallerTextAction, QStringLiteral("S&maller text"), { QKeySequence(Qt::CTRL | Qt::Key_Minus) });
    make(PresenterAction, QStringLiteral("P&resenter"), { QKeySequence(Qt::Key_F11) })->setCheckable(true);
    make(ConsolePaneAction, QStringLiteral("&Console"), { QKeySequence(Qt::CTRL | Qt::Key_1) });
    make(LegendPaneAction, QStringLiteral("Le&gend"), { QKeySequence(Qt::CTRL | Qt::Key_2) });
    make(PythonPaneAction, QStringLiteral("P&ython program"), { QKeySequence(Qt::CTRL | Qt::Key_3) });
    // What presentation clickers send: → / Page Down / Space forward, ← / Page Up back. Only while a
    // narrated lesson is shown (the window enables them); Space pauses the run otherwise.
    make(NextStepAction, QStringLiteral("&Next step"), { QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown) });
    make(BackStepAction, QStringLiteral("&Back a step"), { QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp) });
    make(QuitAction, QStringLiteral("&Quit"), { QKeySequence(Qt::CTRL | Qt::Key_Q) });
    make(PredictAction, QStringLiteral("Pre&dict the outcome"), { QKeySequence(Qt::CTRL | Qt::Key_G) })->setCheckable(true);

    describe(OpenAction, QStringLiteral("open a scenario or a saved run"),
             QStringLiteral("a scenario file (.json) to run, or a saved run (.poolscope) to inspect"));
    describe(SaveAction, QStringLiteral("save the recorded run"),
             QStringLiteral("every event so far, to reopen later without running anything"));
    describe(PauseAction, QStringLiteral("pause the run"),
             QStringLiteral("tasks finish the step they are in and hold before the next; the caller's schedule "
                            "waits too. Press again to resume"));
    describe(StepAction, QStringLiteral("one more step"), QStringLiteral("while paused: every held task does one step"));
    describe(LiveAction, QStringLiteral("follow the run"),
             QStringLiteral("the views show the latest moment again (after choosing one on the timeline)"));
    describe(LargerTextAction, QStringLiteral("larger text"), QStringLiteral("for the back of the lecture hall"));
    describe(SmallerTextAction, QStringLiteral("smaller text"), QString());
    describe(PresenterAction, QStringLiteral("presenter mode"),
             QStringLiteral("full screen, large type, high contrast, no menu or status bar; F11 or Esc leaves"));
    describe(ConsolePaneAction, QStringLiteral("show the console"), QStringLiteral("what the program prints and calls"));
    describe(LegendPaneAction, QStringLiteral("show the legend"), QStringLiteral("what each mark means"));
    describe(PythonPaneAction, QStringLiteral("show the Python program"),
             QStringLiteral("the scenario as the Python program it is, the latest call's line marked"));
    describe(NextStepAction, QStringLiteral("the lesson's next step"),
             QStringLiteral("→, Page Down or Space; past what was recorded, the run goes on"));
    describe(BackStepAction, QStringLiteral("the step before"), QStringLiteral("←, Page Up: the time cursor goes back; nothing runs again"));
    describe(PredictAction, QStringLiteral("predict, then run"),
             QStringLiteral("before the run, guess how each task ends (and what cancel() returns); the run marks each "
                            "guess and says why"));
    describe(QuitAction, QStringLiteral("quit"), QStringLiteral("pending tasks are cancelled and the event is set first"));
}

QAction *WindowActions::make(ActionId id, const QString &text, const QList<QKeySequence> &keys)
{
    auto *a = new QAction(text, m_window);
    a->setShortcuts(keys);
    m_actions[size_t(id)] = a;
    m_window->addAction(a); // shortcuts work wherever the focus is in the window
    return a;
}

void WindowActions::describe(ActionId id, const QString &call, const QString &what)
{
    QAction *a = m_actions[size_t(id)];
    QString tip = QStringLiteral("<b>%1</b>").arg(call.toHtmlEscaped());
    if (!what.isEmpty())
        tip += QStringLiteral("<br>%1").arg(what.toHtmlEscaped());
    if (!a->shortcuts().isEmpty())
        tip += QStringLiteral("<br><i>Shortcut: %1</i>").arg(a->shortcuts().first().toString(QKeySequence::NativeText));
    a->setToolTip(tip);
    a->setStatusTip(call + (what.isEmpty() ? QString() : QStringLiteral(" — ") + what));
}

void WindowActions::setWords(const ModelWords &w)
{
    using Call = ModelWords::Call;
    m_words = &w;
    describe(RunAction, QStringLiteral("python3 scenario.py"), QStringLiteral("run the chosen scenario's program from the start"));
    describe(ResetAction, QStringLiteral("executor = ThreadPoolExecutor(max_workers=N); event = Event()"),
             QStringLiteral("a new pool and a new event, interactive; the old pool is abandoned"));
    describe(QueueAction, QStringLiteral("future = %1").arg(w.call(Call::Submit)),
             QStringLiteral("queue tasks with the settings beside the button"));
    describe(CancelAction, w.call(Call::Cancel),
             QStringLiteral("on each selected task; %1 if it was still pending, %2 if it runs or ended")
                     .arg(w.boolean(true), w.boolean(false)));
    describe(CancelAllAction, w.call(Call::CancelAll), QStringLiteral("every submitted future, in submission order"));
    describe(StopAction, w.call(Call::StopSet), QStringLiteral("tasks that check the event return; the others run on"));
    describe(ClearAction, w.call(Call::StopClear), QString());
    describe(ShutdownWaitOption, QStringLiteral("wait=%1").arg(w.boolean(true)),
             QStringLiteral("%1 blocks the caller until every task ended").arg(w.call(Call::Shutdown)));
    describe(ShutdownCancelFuturesOption, QStringLiteral("cancel_futures=%1").arg(w.boolean(true)),
             QStringLiteral("%1 cancels every pending future first (never running ones)").arg(w.call(Call::Shutdown)));
    describe(FinishAction, QStringLiteral("# %1").arg(w.call(Call::FinalWait)),
             QStringLiteral("waits for every task, then prints All done."));
    setShutdownOptions(shutdownWaits(), shutdownCancelsFutures());
}

bool WindowActions::shutdownWaits() const
{
    return m_actions[ShutdownWaitOption]->isChecked();
}

bool WindowActions::shutdownCancelsFutures() const
{
    return m_actions[ShutdownCancelFuturesOption]->isChecked();
}

void WindowActions::setShutdownOptions(bool wait, bool cancelFutures)
{
    m_actions[ShutdownWaitOption]->setChecked(wait);
    m_actions[ShutdownCancelFuturesOption]->setChecked(cancelFutures);
    if (!m_words)
        return;
    const QString call = m_words->shutdownCall(quint8((wait ? ShutdownWaitFlag : 0) | (cancelFutures ? ShutdownCancelFuturesFlag : 0)));
    QAction *a = m_actions[ShutdownAction];
    a->setToolTip(QStringLiteral("<b>%1</b><br>%2<br><i>Shortcut: %3; wait: Ctrl+Shift+W, cancel_futures: Ctrl+Shift+F (or the button's menu)</i>")
                          .arg(call.toHtmlEscaped(),
                               wait ? QStringLiteral("blocks the caller until every task ended; running tasks are "
                                                     "never interrupted")
                                    : QStringLiteral("returns at once; queued work still runs in the background"),
                               a->shortcut().toString(QKeySequence::NativeText)));
    a->setStatusTip(call);
    a->setText(QStringLiteral("Shut&down") + (cancelFutures ? QStringLiteral(" (cancel_futures)") : QString())
               + (wait ? QString() : QStringLiteral(" (no wait)")));
}

} // namespace poolscope
