// SPDX-License-Identifier: MIT
#include "window/runviews.h"

#include "window/expandabletext.h"
#include "window/notebanner.h"

#include "code/pythonpane.h"
#include "console/consoleview.h"
#include "pool/poolview.h"
#include "pool/stoplamp.h"
#include "render/statepalette.h"
#include "table/cancelresultsdelegate.h"
#include "table/progressdelegate.h"
#include "table/statedelegate.h"
#include "table/tasktablemodel.h"
#include "timeline/timelinepanel.h"
#include "window/legendview.h"
#include "window/rundocument.h"

#include <QApplication>
#include <QDataStream>
#include <array>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace poolscope {

RunViews::RunViews(RunDocument *document, TaskTableModel *tasks, QWidget *parent)
    : QWidget(parent), m_document(document), m_tasks(tasks), m_columnWidths(tasks)
{
    // Header: what this run is about.
    QWidget *central = this;
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(8, 6, 8, 4);
    outer->setSpacing(4);
    m_title = new QLabel(central);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description = new ExpandableText(central);
    m_banner = new NoteBanner(central);
    outer->addWidget(m_title);
    outer->addWidget(m_description);
    outer->addWidget(m_banner);
    m_outer = outer;

    // Left: the task table, the timeline and the console, one over the other (the console's lines are long).
    // Right: the event lamp, the pool and the legend.
    auto *split = new QSplitter(Qt::Horizontal, central);
    m_split = split;
    auto *left = new QSplitter(Qt::Vertical, split);
    m_leftSplit = left;
    m_table = new QTableView(left);
    m_table->setModel(m_tasks);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(false);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setItemDelegateForColumn(TaskTableModel::StateColumn, new StateDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::CancelColumn, new CancelResultsDelegate(m_table));
    m_timeline = new TimelinePanel(m_document, left);
    // The splitter may squeeze the timeline below its own wish (it scrolls and zooms); the table keeps room
    // for a few rows. Small enough that the window fits a 960×540 desktop (1920×1080 at scale 2).
    m_timeline->setMinimumHeight(QFontMetrics(font()).height() * 5);
    m_table->setMinimumHeight(QFontMetrics(font()).height() * 3);
    left->addWidget(m_table);
    left->addWidget(m_timeline);
    left->setChildrenCollapsible(false);
    // Until someone drags a splitter, the table is as tall as its rows (up to a share) and the timeline
    // takes the rest: a two-task lesson leaves no empty table on the screen.
    connect(left, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    connect(split, &QSplitter::splitterMoved, this, [this] { m_widthsMoved = true; });
    connect(m_tasks, &QAbstractItemModel::rowsInserted, this, &RunViews::fitHeights);
    connect(m_tasks, &QAbstractItemModel::modelReset, this, &RunViews::fitHeights);

    // Right: the event lamp and the pool, then what the program prints (wrapped to the column) with the
    // legend one tab away. The left keeps its height for the table and the timeline.
    // In a scroll area that only scrolls on a small screen (960×540): the column never makes the window
    // taller than the screen, and at 1280×720 it has all its room.
    auto *rightScroll = new QScrollArea(split);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *right = new QWidget(rightScroll);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(6, 0, 0, 0);
    rightLayout->setSpacing(6);
    m_lamp = new StopLamp(m_document, right);
    m_pool = new PoolView(m_document, right);
    rightLayout->addWidget(m_lamp);
    rightLayout->addWidget(m_pool);
    m_sideTabs = new QTabWidget(right);
    m_sideTabs->setDocumentMode(true);
    m_console = new ConsoleView(m_document, m_sideTabs);
    m_console->setMinimumHeight(m_console->fontMetrics().lineSpacing() + 2 * m_console->frameWidth() + 4);
    m_sideTabs->addTab(m_console, QStringLiteral("Console"));
    m_sideTabs->setTabToolTip(0, QStringLiteral("What the program prints and calls, as it happens"));
    auto *legendScroll = new QScrollArea(m_sideTabs);
    legendScroll->setWidgetResizable(true);
    legendScroll->setFrameShape(QFrame::NoFrame);
    legendScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    legendScroll->setMinimumHeight(m_console->minimumHeight()); // scroll areas ask for 70 px by default
    m_legend = new LegendView(m_document, legendScroll);
    legendScroll->setWidget(m_legend);
    m_sideTabs->addTab(legendScroll, QStringLiteral("Legend"));
    m_python = new PythonPane(m_document, m_sideTabs);
    m_python->setMinimumHeight(m_console->minimumHeight());
    m_sideTabs->addTab(m_python, QStringLiteral("Python"));
    m_sideTabs->setTabToolTip(2, QStringLiteral("The scenario as the Python program it is; the line of the latest call is marked"));
    m_sideTabs->setTabToolTip(1, QStringLiteral("What each mark in the table and on the timeline means"));
    rightLayout->addWidget(m_sideTabs, 1);
    connect(m_sideTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_splitsPlaced)
            placeRightColumn();
    });
    right->setMinimumWidth(QFontMetrics(font()).height() * 16);
    rightScroll->setWidget(right);
    rightScroll->setMinimumWidth(right->minimumWidth());
    rightScroll->setMinimumHeight(QFontMetrics(font()).height() * 6);
    split->addWidget(left);
    split->addWidget(rightScroll);
    split->setChildrenCollapsible(false);
    outer->addWidget(split, 1);

    // Selection in the table and on the timeline stay one.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { m_timeline->selectTask(current.isValid() ? current.row() : -1); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunViews::selectionChanged);
    connect(m_timeline, &TimelinePanel::taskClicked, this, [this](int task) {
        if (task < 0 || task >= m_tasks->rowCount()) {
            m_table->clearSelection();
            return;
        }
        const QModelIndex index = m_tasks->index(task, TaskTableModel::IdColumn);
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    });

    applyColumnWidths();
    // Columns follow the table's width and what the rows came to hold.
    m_table->viewport()->installEventFilter(this);
    connect(m_tasks, &QAbstractItemModel::modelReset, this, [this] {
        m_rowWordsMeasured = false;
        applyColumnWidths();
    });
    connect(m_tasks, &QAbstractItemModel::rowsInserted, this, [this] {
        m_rowWordsMeasured = false;
        applyColumnWidths();
    });
    connect(m_tasks, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
        if (!(roles.contains(TaskTableModel::CancelResultsRole) || roles.contains(TaskTableModel::IgnoredStopRole)
              || roles.contains(TaskTableModel::CancelRefusedRole) || roles.contains(TaskTableModel::StopRequestedRole)
              || roles.contains(TaskTableModel::NotesRole)))
            return;
        // Only when what the rows hold changed shape (a first refused cancel, a second cancel() result...):
        // a live run changes these roles on every row it touches.
        const QString shape = QStringLiteral("%1|%2|%3|%4|%5|%6")
                                      .arg(m_tasks->mostCancelResults())
                                      .arg(m_tasks->anyCancelledByShutdown())
                                      .arg(m_tasks->anyCancelRefused())
                                      .arg(m_tasks->anyIgnoredStop())
                                      .arg(m_tasks->anyStopRequested())
                                      .arg(m_tasks->longestNotes());
        if (shape != m_columnShape) {
            m_columnShape = shape;
            applyColumnWidths();
        }
    });
}

bool RunViews::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        applyColumnWidths();
    if (watched == m_above && (event->type() == QEvent::Show || event->type() == QEvent::Hide || event->type() == QEvent::Resize))
        QTimer::singleShot(0, this, &RunViews::fitHeights); // once the layout has given it its room
    return QWidget::eventFilter(watched, event);
}

void RunViews::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_splitsPlaced)
        return;
    m_splitsPlaced = true;
    // Once the layout has its real size: the tasks get about two thirds of the width. After this the
    // user's splitter moves are kept.
    QTimer::singleShot(0, this, [this] {
        if (!m_restoredLayout.isEmpty()) {
            QDataStream in(m_restoredLayout);
            QByteArray outer, left;
            in >> outer >> left;
            if (in.status() == QDataStream::Ok && m_split->restoreState(outer) && m_leftSplit->restoreState(left)) {
                m_userSized = m_widthsMoved = true;
                return;
            }
        }
        placeRightColumn();
        fitHeights();
    });
}

void RunViews::setRightPercent(int percent)
{
    m_rightPercent = percent;
    if (m_splitsPlaced)
        placeRightColumn();
}

void RunViews::placeRightColumn()
{
    if (m_widthsMoved)
        return; // the person's own split stays
    // The Python program's lines are longer than the console's: while it is shown the column is wider
    // (at 1280 pixels its lines would otherwise be cut at a third of their length).
    const int percent = sidePane() == SidePane::Python ? std::max(m_rightPercent, PythonPanePercent) : m_rightPercent;
    const int w = m_split->width();
    const int right = std::max(m_split->widget(1)->minimumWidth(), w * percent / 100);
    if (m_split->sizes().value(1) != right)
        m_split->setSizes({ w - right, right });
}

QByteArray RunViews::saveLayout() const
{
    if (!m_userSized && !m_widthsMoved)
        return {};
    QByteArray layout;
    QDataStream out(&layout, QIODevice::WriteOnly);
    out << m_split->saveState() << m_leftSplit->saveState();
    return layout;
}

void RunViews::restoreLayout(const QByteArray &layout)
{
    m_restoredLayout = layout;
}

void RunViews::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_splitsPlaced)
        QTimer::singleShot(0, this, &RunViews::fitHeights);
}

void RunViews::fitHeights()
{
    if (m_userSized || !m_splitsPlaced)
        return;
    const int h = m_leftSplit->height();
    if (h <= 0)
        return;
    const int rows = m_tasks->rowCount();
    const int frame = 2 * m_table->frameWidth();
    const int scrollBar = m_table->horizontalScrollBar()->isVisible() ? m_table->horizontalScrollBar()->height() : 0;
    const int wanted = m_table->horizontalHeader()->height() + std::max(2, rows) * m_table->verticalHeader()->defaultSectionSize()
                       + frame + scrollBar + 2; // the header's bottom line: without it a scroll bar appears
    // With the guesses above the views the room is short: the table (whose rows the guesses repeat)
    // keeps its least height and scrolls, so the timeline keeps its lanes.
    const bool crowded = m_above && m_above->isVisible();
    const int room = crowded ? m_table->minimumHeight() : wanted;
    const int table = std::clamp(room, m_table->minimumHeight(), h * 45 / 100);
    m_leftSplit->setSizes({ table, h - table });
}

void RunViews::applyColumnWidths()
{
    const int line = QFontMetrics(m_table->font()).height();
    QHeaderView *header = m_table->horizontalHeader();
    if (!m_rowWordsMeasured) {
        m_rowWordsMeasured = true;
        m_columnWidths.measureWords(m_document->run(), m_table->font());
    }
    int total = 0;
    std::array<int, TaskTableModel::ColumnCount> widths {};
    for (int c = 0; c < TaskTableModel::ColumnCount; ++c) {
        widths[size_t(c)] = m_columnWidths.wanted(c, m_table->font(), header->font());
        total += widths[size_t(c)];
    }
    // The lesson's columns always show; worker, start and end (which the timeline also shows) give way,
    // last first, when the table is too narrow for all.
    const int room = m_table->viewport()->width();
    for (int c : { int(TaskTableModel::EndColumn), int(TaskTableModel::StartColumn), int(TaskTableModel::WorkerColumn) }) {
        const bool hide = room > 0 && total > room;
        m_table->setColumnHidden(c, hide);
        if (hide)
            total -= widths[size_t(c)];
    }
    // Still too wide (large type on a projector): the chip columns give up room, cancel() first, down to
    // their glyphs' width (the delegates then draw glyphs, words in the tooltip), so every lesson column
    // stays on the screen, none scrolled off.
    for (int c : { int(TaskTableModel::CancelColumn), int(TaskTableModel::StateColumn) }) {
        if (room <= 0 || total <= room)
            break;
        const int floor = m_columnWidths.chipFloor(c, widths[size_t(c)], header->font());
        const int give = std::min(total - room, widths[size_t(c)] - floor);
        if (give > 0) {
            widths[size_t(c)] -= give;
            total -= give;
        }
    }
    for (int c = 0; c < TaskTableModel::ColumnCount; ++c) {
        if (header->sectionSize(c) != widths[size_t(c)])
            header->resizeSection(c, widths[size_t(c)]);
    }
    m_table->verticalHeader()->setDefaultSectionSize(int(line * 1.9));
}

void RunViews::showSidePane(SidePane pane)
{
    m_sideTabs->setCurrentIndex(int(pane));
}

RunViews::SidePane RunViews::sidePane() const
{
    return SidePane(m_sideTabs->currentIndex());
}

void RunViews::changeTextSize(int delta)
{
    QFont f = QApplication::font();
    const qreal size = std::clamp(f.pointSizeF() + delta, 8.0, 40.0);
    m_textSizeDelta += int(size - f.pointSizeF());
    f.setPointSizeF(size);
    QApplication::setFont(f);
    QFont title = m_title->font();
    title.setPointSizeF(size * 1.35);
    m_title->setFont(title);
    QFont mono = m_console->font();
    mono.setPointSizeF(size);
    m_console->setFont(mono);
    applyColumnWidths();
}

void RunViews::setTitle(const QString &title)
{
    if (m_title->text() != title)
        m_title->setText(title);
}

void RunViews::setDescription(const QString &description)
{
    if (m_description->text() != description)
        m_description->setText(description);
}

void RunViews::setBanner(const QString &text)
{
    m_banner->setText(text);
}

void RunViews::addAboveViews(QWidget *widget)
{
    m_outer->insertWidget(m_outer->indexOf(m_split), widget);
    m_above = widget;
    widget->installEventFilter(this);
}

void RunViews::setNarrationBar(QWidget *bar)
{
    m_outer->insertWidget(m_outer->indexOf(m_banner) + 1, bar);
}

void RunViews::setWhere(const QString &text)
{
    m_banner->setCalmText(text);
}

QString RunViews::bannerText() const
{
    return m_banner->text();
}

} // namespace poolscope
