// SPDX-License-Identifier: MIT
#include "timeline/timelinepanel.h"

#include "window/rundocument.h"
#include "render/pictures.h"
#include "timeline/timelineview.h"
#include "render/timelineviewport.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace poolscope {

namespace {

// Shows the longest of its wordings that fits its width, whole: never a text cut by "…" or by the edge.
// The fullest wording is always in its tooltip.
class FittingLabel : public QLabel
{
public:
    using QLabel::QLabel;

    void setTexts(const QStringList &texts, const QString &help)
    {
        if (texts == m_texts && help == m_help)
            return;
        m_texts = texts;
        m_help = help;
        setToolTip(texts.isEmpty() ? help : texts.first() + QStringLiteral("\n\n") + help);
        fit();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        fit();
    }

private:
    void fit()
    {
        const QFontMetrics fm(font());
        const int room = contentsRect().width() - 2 * margin() - 2;
        QString chosen;
        for (const QString &t : m_texts) {
            if (fm.horizontalAdvance(t) <= room) {
                chosen = t;
                break;
            }
        }
        if (chosen != text())
            setText(chosen);
    }

    QStringList m_texts;
    QString m_help;
};

} // namespace

struct TimelinePanel::Private
{
    RunDocument *model = nullptr;
    TimelineViewport *viewport = nullptr;
    TimelineView *view = nullptr;
    QScrollBar *scroll = nullptr;
    QToolButton *follow = nullptr;
    QToolButton *back = nullptr;
    FittingLabel *hint = nullptr;
    bool updatingScroll = false;

    // The scroll bar counts in units of the trace so its int range never overflows.
    qint64 unit() const { return std::max<qint64>(1, viewport->maximumRangeLength() / 100000); }
};

TimelinePanel::TimelinePanel(RunDocument *model, QWidget *parent)
    : QWidget(parent)
    , d(new Private)
{
    d->model = model;
    d->viewport = new TimelineViewport(this);
    d->view = new TimelineView(model, d->viewport, this);
    d->scroll = new QScrollBar(Qt::Horizontal, this);

    auto button = [this](const QString &text, const QString &tip, auto slot) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QToolButton::clicked, this, slot);
        return b;
    };
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(2);
    auto *title = new QLabel(tr("<b>Timeline</b>"), this);
    bar->addWidget(title);
    bar->addSpacing(8);
    bar->addWidget(button(tr("Fit all"), tr("Show the whole run (F)"), [this] { d->viewport->fitAll(); }));
    bar->addWidget(button(tr("Zoom in"), tr("Zoom in around the time cursor (+, or the mouse wheel over the timeline)"),
        [this] { zoomAroundCursor(1.5); }));
    bar->addWidget(button(tr("Zoom out"), tr("Zoom out (-)"), [this] { zoomAroundCursor(1 / 1.5); }));
    d->back = button(tr("Back"), tr("Return to the previous zoom (Backspace)"), [this] { d->viewport->zoomBack(); });
    d->back->setEnabled(false);
    bar->addWidget(d->back);
    d->follow = button(
        tr("Follow live"), tr("Keep the end of the run in view and show the latest state (End)"), [this](bool on) {
            d->viewport->setFollowing(on);
            if (on)
                d->view->setCursorTime(-1);
        });
    d->follow->setCheckable(true);
    d->follow->setChecked(d->viewport->following());
    bar->addWidget(d->follow);
    bar->addSpacing(12);
    // The stop-latency summary when there is one, else how to use the timeline (always in its tooltip).
    d->hint = new FittingLabel(this);
    d->hint->setMinimumWidth(0);
    d->hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(d->hint, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(d->view, 1);
    layout->addWidget(d->scroll);
    setFocusProxy(d->view);

    connect(d->view, &TimelineView::taskClicked, this, &TimelinePanel::taskClicked);
    if (model) {
        connect(model, &RunDocument::runReset, this, [this] {
            updateSummary();
            takeKeysForSavedRun();
        });
        connect(model, &RunDocument::eventsAppended, this, [this] { updateSummary(); });
    }
    updateSummary();
    connect(d->viewport, &TimelineViewport::followingChanged, d->follow, &QToolButton::setChecked);
    connect(d->viewport, &TimelineViewport::zoomStackChanged, d->back, &QToolButton::setEnabled);
    connect(d->viewport, &TimelineViewport::rangeChanged, this, [this] { syncScrollBar(); });
    connect(d->viewport, &TimelineViewport::traceEndChanged, this, [this] { syncScrollBar(); });
    connect(d->scroll, &QScrollBar::valueChanged, this, [this](int value) {
        if (d->updatingScroll)
            return;
        d->viewport->panBy(qint64(value) * d->unit() - d->viewport->rangeStart());
    });
    syncScrollBar();
}

TimelinePanel::~TimelinePanel()
{
    delete d;
}

void TimelinePanel::selectTask(int taskIndex)
{
    d->view->setSelectedTask(taskIndex);
}

int TimelinePanel::selectedTask() const
{
    return d->view->selectedTask();
}

TimelineView *TimelinePanel::view() const
{
    return d->view;
}

TimelineViewport *TimelinePanel::viewport() const
{
    return d->viewport;
}

bool TimelinePanel::exportPicture(const QString &path, QString *error) const
{
    TimelineExportOptions options;
    options.rangeStart = d->viewport->rangeStart();
    options.rangeEnd = d->viewport->rangeEnd();
    options.cursorNs = d->view->cursorNs();
    options.selectedTask = d->view->selectedTask();
    options.setFont(d->view->font());
    return exportTimelinePicture(d->model->run(), path, error, options);
}

void TimelinePanel::zoomAroundCursor(double factor)
{
    const qint64 cursor = d->view->cursorNs();
    const bool visible = cursor >= d->viewport->rangeStart() && cursor <= d->viewport->rangeEnd();
    d->viewport->zoomBy(factor, visible ? cursor : (d->viewport->rangeStart() + d->viewport->rangeEnd()) / 2);
}

// A saved run is there to be replayed: ←/→ should step through it at once, without a click on the
// timeline first. Focus moves here unless someone is typing (a text field or spin box keeps it).
void TimelinePanel::takeKeysForSavedRun()
{
    if (!d->model || d->model->isLive())
        return;
    const QWidget *focus = window()->focusWidget();
    if (focus && focus != d->view && focus->testAttribute(Qt::WA_InputMethodEnabled))
        return;
    d->view->setFocus(Qt::OtherFocusReason);
}

void TimelinePanel::updateSummary()
{
    // Called for every batch of recorded events; the label changes its text only when its words change.
    const QStringList summary = d->view->renderer().summaryTexts();
    const bool isHint = summary.isEmpty();
    const QStringList texts = isHint ? QStringList { tr("drag the cursor, click or use ←/→ to replay · wheel zooms · drag pans"),
                                           tr("click or use ←/→ to replay · wheel zooms"), tr("←/→ replays") }
                                     : summary;
    d->hint->setTexts(texts,
        tr("Drag the time cursor (or click the timeline, or use ←/→) to replay the run at any moment.\n"
           "Wheel: zoom around the pointer · Shift+wheel or drag: pan · F: fit all · End: follow live\n"
           "Click a bar to select its task; hover for exact times."));
    const QColor colour = isHint ? QColor(0x5a, 0x5a, 0x5a) : this->palette().color(QPalette::WindowText);
    if (d->hint->palette().color(QPalette::WindowText) != colour) {
        QPalette palette = d->hint->palette();
        palette.setColor(QPalette::WindowText, colour);
        d->hint->setPalette(palette);
    }
}

void TimelinePanel::syncScrollBar()
{
    const qint64 unit = d->unit();
    const qint64 length = d->viewport->rangeLength();
    const qint64 max = std::max<qint64>(0, d->viewport->maximumRangeLength() - length);
    d->updatingScroll = true;
    d->scroll->setRange(0, int(max / unit));
    d->scroll->setPageStep(int(std::max<qint64>(1, length / unit)));
    d->scroll->setSingleStep(int(std::max<qint64>(1, length / unit / 10)));
    d->scroll->setValue(int(d->viewport->rangeStart() / unit));
    d->scroll->setEnabled(max > 0);
    d->updatingScroll = false;
}

} // namespace poolscope
