// SPDX-License-Identifier: MIT
#include "window/runviews.h"

#include "window/expandabletext.h"
#include "window/notebanner.h"

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
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace poolscope {

RunViews::RunViews(RunDocument *document, TaskTableModel *tasks, QWidget *parent)
    : QWidget(parent), m_document(document), m_tasks(tasks)
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
    // The splitter may squeeze the timeline below its own wish (it scrolls and zooms); the table and the
    // console keep room for several lines each.
    m_timeline->setMinimumHeight(QFontMetrics(font()).height() * 8);
    m_table->setMinimumHeight(QFontMetrics(font()).height() * 4);
    auto heading = [](const QString &text, QWidget *parent) {
        auto *l = new QLabel(text, parent);
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
        return l;
    };
    auto *consoleBox = new QWidget(left);
    auto *consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->setContentsMargins(0, 2, 0, 0);
    consoleLayout->setSpacing(2);
    m_console = new ConsoleView(m_document, consoleBox);
    consoleLayout->addWidget(heading(QStringLiteral("Console: what the program prints"), consoleBox));
    consoleLayout->addWidget(m_console, 1);
    left->addWidget(m_table);
    left->addWidget(m_timeline);
    left->addWidget(consoleBox);
    left->setChildrenCollapsible(false);
    // Until someone drags a splitter, the table is as tall as its rows (up to a share) and the timeline
    // takes the rest: a two-task lesson leaves no empty table on the screen.
    connect(left, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    connect(m_tasks, &QAbstractItemModel::rowsInserted, this, &RunViews::fitHeights);
    connect(m_tasks, &QAbstractItemModel::modelReset, this, &RunViews::fitHeights);

    // The right column scrolls rather than grow the window (16 workers need more height than 2).
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
    m_legend = new LegendView(m_document, right);
    rightLayout->addWidget(m_lamp);
    rightLayout->addWidget(m_pool);
    rightLayout->addWidget(heading(QStringLiteral("Legend"), right));
    rightLayout->addWidget(m_legend);
    rightLayout->addStretch(1);
    rightScroll->setWidget(right);
    rightScroll->setMinimumWidth(QFontMetrics(font()).height() * 24);
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
        const int w = m_split->width();
        const int right = std::max(m_split->widget(1)->minimumWidth(), w * 32 / 100);
        m_split->setSizes({ w - right, right });
        fitHeights();
    });
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
                       + frame + scrollBar;
    const int table = std::clamp(wanted, m_table->minimumHeight(), h * 42 / 100);
    const int console = std::clamp(m_console->fontMetrics().lineSpacing() * 5 + m_console->fontMetrics().height() * 2,
                                   h * 14 / 100, h * 24 / 100);
    m_leftSplit->setSizes({ table, h - table - console, console });
}

void RunViews::applyColumnWidths()
{
    // From the delegates' size hints and the font, never from the rows (10,000 rows would be slow).
    QStyleOptionViewItem option;
    option.initFrom(m_table);
    option.font = m_table->font();
    option.fontMetrics = QFontMetrics(option.font);
    const QModelIndex none;
    const QFontMetrics fm(m_table->font());
    const int line = fm.height();
    QHeaderView *header = m_table->horizontalHeader();
    auto headerWidth = [&](int column) {
        return QFontMetrics(header->font()).horizontalAdvance(m_tasks->headerData(column, Qt::Horizontal).toString())
            + line * 2;
    };
    auto set = [&](int column, int width) { header->resizeSection(column, std::max(width, headerWidth(column))); };
    set(TaskTableModel::IdColumn, fm.horizontalAdvance(QStringLiteral("download#00")) + line);
    set(TaskTableModel::StateColumn, StateDelegate().sizeHint(option, none).width() * 72 / 100);
    set(TaskTableModel::ProgressColumn, ProgressDelegate().sizeHint(option, none).width() * 3 / 4);
    set(TaskTableModel::CancelColumn, CancelResultsDelegate().sizeHint(option, none).width() * 4 / 5);
    set(TaskTableModel::StopCheckColumn, fm.horizontalAdvance(QStringLiteral("waits on event")) + line / 2);
    set(TaskTableModel::WorkerColumn, fm.horizontalAdvance(QStringLiteral("worker-00")) + line);
    set(TaskTableModel::StartColumn, fm.horizontalAdvance(QStringLiteral("00.00 s")) + line);
    set(TaskTableModel::EndColumn, fm.horizontalAdvance(QStringLiteral("00.00 s")) + line);
    m_table->verticalHeader()->setDefaultSectionSize(int(line * 1.9));
}

void RunViews::changeTextSize(int delta)
{
    QFont f = QApplication::font();
    const qreal size = std::clamp(f.pointSizeF() + delta, 8.0, 40.0);
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

void RunViews::setWhere(const QString &text)
{
    m_banner->setCalmText(text);
}

QString RunViews::bannerText() const
{
    return m_banner->text();
}

} // namespace poolscope
