// SPDX-License-Identifier: MIT
#include "compare/comparedrun.h"

#include "compare/differencemarkdelegate.h"
#include "compare/outcomedifferences.h"
#include "replay/runstate.h"
#include "table/cancelresultsdelegate.h"
#include "table/progressdelegate.h"
#include "table/statedelegate.h"
#include "table/tasktablemodel.h"
#include "timeline/timelinepanel.h"
#include "window/runcontroller.h"
#include "window/rundocument.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <array>

namespace poolscope {

namespace {
// What the comparison is about: the task, how it ended, its cancel() results. Worker, times and the
// way it checks are on the timeline (or the same in both runs).
constexpr std::array ShownColumns { TaskTableModel::IdColumn, TaskTableModel::StateColumn, TaskTableModel::ProgressColumn,
                                    TaskTableModel::CancelColumn };
}

ComparedRun::ComparedRun(const QString &letter, QWidget *parent)
    : QWidget(parent), m_letter(letter)
{
    m_document = new RunDocument(this);
    m_controller = new RunController(m_document, this);
    m_tasks = new TaskTableModel(m_document, this);
    m_widths = TaskColumnWidths(m_tasks);

    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);

    m_table = new QTableView(this);
    m_table->setModel(m_tasks);
    m_table->setAccessibleName(QStringLiteral("Tasks of %1").arg(letter));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(int(QFontMetrics(font()).height() * 1.9));
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_marks = new DifferenceMarkDelegate(m_table);
    m_table->setItemDelegateForColumn(TaskTableModel::IdColumn, m_marks);
    m_table->setItemDelegateForColumn(TaskTableModel::StateColumn, new StateDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setItemDelegateForColumn(TaskTableModel::CancelColumn, new CancelResultsDelegate(m_table));
    for (int c = 0; c < TaskTableModel::ColumnCount; ++c)
        m_table->setColumnHidden(c, std::find(ShownColumns.begin(), ShownColumns.end(), c) == ShownColumns.end());
    m_table->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);

    m_timeline = new TimelinePanel(m_document, this);
    m_timeline->setMinimumHeight(QFontMetrics(font()).height() * 6);

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(8);
    body->addWidget(m_table);
    body->addWidget(m_timeline, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addLayout(body, 1);

    // The table and the timeline select one task, as in the main window.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { m_timeline->selectTask(current.isValid() ? current.row() : -1); });
    connect(m_timeline, &TimelinePanel::taskClicked, this, [this](int task) {
        if (task < 0 || task >= m_tasks->rowCount()) {
            m_table->clearSelection();
            return;
        }
        const QModelIndex index = m_tasks->index(task, TaskTableModel::IdColumn);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    });
    connect(m_document, &RunDocument::runReset, this, [this] {
        m_columnWidths.fill(0);
        m_wantedWidth = 0;
        updateColumns();
        updateHeader();
    });
    connect(m_tasks, &QAbstractItemModel::rowsInserted, this, &ComparedRun::updateColumns);
    connect(m_tasks, &QAbstractItemModel::dataChanged, this, &ComparedRun::updateColumns);
    connect(m_document, &RunDocument::liveFinished, this, [this] {
        updateHeader();
        emit ended();
    });
    updateColumns();
    updateHeader();
}

ComparedRun::~ComparedRun()
{
    // The run's threads call back into the document: end them before it goes.
    m_controller->retire();
}

void ComparedRun::start(const RunSource &source, double timeScale)
{
    if (source.run) {
        m_name = source.run->info.scenarioName;
        m_title = source.run->info.title;
        m_controller->showRun(*source.run);
        updateHeader();
        emit ended();
    } else if (source.scenario) {
        m_name = source.scenario->name;
        m_title = source.scenario->title;
        m_controller->runScenario(*source.scenario, source.scenario->workers, timeScale);
        updateHeader();
    }
}

QString ComparedRun::name() const
{
    return m_name;
}

bool ComparedRun::hasEnded() const
{
    return !m_name.isEmpty() && m_document->hasEnded();
}

QString ComparedRun::outcomeText() const
{
    if (!hasEnded())
        return {};
    // Counted at the end of the run, whatever moment the cursor shows: the outcome is what is compared.
    return outcomeCounts(m_document->reading().state());
}

QString ComparedRun::headerText() const
{
    QString text = m_letter;
    if (!m_name.isEmpty())
        text += QStringLiteral(" · ") + m_name;
    if (!m_title.isEmpty())
        text += QStringLiteral(" — ") + m_title;
    if (m_name.isEmpty())
        return text;
    text += hasEnded() ? QStringLiteral("   ▸ ended: ") + outcomeText() : QStringLiteral("   ▸ running");
    return text;
}

void ComparedRun::updateHeader()
{
    const QString text = headerText();
    if (m_header->text() != text)
        m_header->setText(text);
}

int ComparedRun::wantedTableWidth() const
{
    return m_wantedWidth;
}

int ComparedRun::chipFloor(int column) const
{
    return m_widths.chipFloor(column, m_columnWidths[size_t(column)], m_table->horizontalHeader()->font());
}

int ComparedRun::minimumTableWidth() const
{
    int floor = m_wantedWidth;
    for (const int c : { int(TaskTableModel::CancelColumn), int(TaskTableModel::StateColumn) })
        floor -= m_columnWidths[size_t(c)] - chipFloor(c);
    return floor;
}

void ComparedRun::setTableWidth(int width)
{
    m_tableWidth = width;
    if (m_table->width() != width || m_table->minimumWidth() != width)
        m_table->setFixedWidth(width);
    applyColumnWidths();
}

void ComparedRun::applyColumnWidths()
{
    // As the main window's table does on a narrow screen: the chip columns shrink towards their glyphs
    // (the delegates then draw glyphs, the words in the tooltip), so every column stays whole on screen.
    std::array<int, 16> widths = m_columnWidths;
    int excess = m_tableWidth > 0 ? m_wantedWidth - m_tableWidth : 0;
    for (const int c : { int(TaskTableModel::CancelColumn), int(TaskTableModel::StateColumn) }) {
        const int give = std::min(std::max(0, excess), widths[size_t(c)] - chipFloor(c));
        widths[size_t(c)] -= give;
        excess -= give;
    }
    for (const int c : ShownColumns) {
        if (m_table->horizontalHeader()->sectionSize(c) != widths[size_t(c)])
            m_table->horizontalHeader()->resizeSection(c, widths[size_t(c)]);
    }
}

QSet<QString> ComparedRun::markedDiffering() const
{
    return m_marks->differing();
}

void ComparedRun::markDiffering(const QSet<QString> &ids)
{
    m_marks->setDiffering(ids);
    updateColumns(); // the id column makes room for the mark
    m_table->viewport()->update();
}

void ComparedRun::updateColumns()
{
    // Columns grow to what the rows came to hold (a refused cancel, a second cancel() result) and never
    // shrink during a run: the two rows' tables keep one width and the timelines keep still.
    m_widths.measureWords(m_document->run(), m_table->font());
    int total = 2 * m_table->frameWidth() + m_table->verticalScrollBar()->sizeHint().width();
    for (const int c : ShownColumns) {
        int wanted = m_widths.wanted(c, m_table->font(), m_table->horizontalHeader()->font(), true);
        if (c == TaskTableModel::IdColumn && m_marks->hasMarks()) {
            QFont bold = m_table->font();
            bold.setBold(true);
            wanted += QFontMetrics(bold).horizontalAdvance(DifferenceMarkDelegate::mark()) + QFontMetrics(bold).averageCharWidth();
        }
        m_columnWidths[size_t(c)] = std::max(wanted, m_columnWidths[size_t(c)]);
        total += m_columnWidths[size_t(c)];
    }
    if (total > m_wantedWidth) {
        m_wantedWidth = total;
        emit wantedTableWidthChanged();
    }
    applyColumnWidths();
}

} // namespace poolscope
