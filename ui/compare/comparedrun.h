// SPDX-License-Identifier: MIT
// One run of a comparison: a header line, its task table (compact) and its timeline, side by side.
#pragma once

#include "io/runsource.h"
#include "table/taskcolumnwidths.h"

#include <QWidget>
#include <array>

class QLabel;
class QTableView;

namespace poolscope {

class RunController;
class RunDocument;
class TaskTableModel;
class TimelinePanel;

// A run of its own (its RunDocument, RunController and TaskTableModel, as the main window has them),
// shown as a row of a comparison: "A · cancel-running — cancel() cannot stop a running task", with its
// outcome in words once it has ended, then the table and the timeline. The comparison lines the rows up:
// the tables take one width (setTableWidth) so the timelines begin at the same x.
class ComparedRun : public QWidget
{
    Q_OBJECT
public:
    ComparedRun(const QString &letter, QWidget *parent = nullptr);
    ~ComparedRun() override;

    // Runs the scenario (on its own pool, at its own worker count) or shows the saved run.
    void start(const RunSource &source, double timeScale);

    QString letter() const { return m_letter; }
    QString name() const; // the scenario's (or the saved run's) name
    QString headerText() const;
    QString outcomeText() const; // "1 completed", "2 stopped, 3 cancelled"; empty while it runs
    bool hasEnded() const;

    int wantedTableWidth() const; // every column the lesson needs, whole
    int minimumTableWidth() const; // the chip columns at their glyphs' width
    void setTableWidth(int width); // narrower than wanted: the chip columns give up room, cancel() first

    // The tasks that ended otherwise in the other run: their ids marked "≠" in bold on a tint.
    void markDiffering(const QSet<QString> &ids);
    QSet<QString> markedDiffering() const;

    RunDocument *document() const { return m_document; }
    RunController *controller() const { return m_controller; }
    TaskTableModel *taskModel() const { return m_tasks; }
    QTableView *table() const { return m_table; }
    TimelinePanel *timeline() const { return m_timeline; }

signals:
    void ended(); // the run's program ended (a saved run: once shown)
    void wantedTableWidthChanged();

private:
    void updateHeader();
    void updateColumns();
    void applyColumnWidths();
    int chipFloor(int column) const; // the narrowest a chip column gets: its glyphs and its header, whole

    QString m_letter;
    RunDocument *m_document = nullptr;
    RunController *m_controller = nullptr;
    TaskTableModel *m_tasks = nullptr;
    QLabel *m_header = nullptr;
    QTableView *m_table = nullptr;
    TimelinePanel *m_timeline = nullptr;
    QString m_name, m_title;
    int m_wantedWidth = 0;
    int m_tableWidth = 0; // as the comparison set it (0: as wanted)
    std::array<int, 16> m_columnWidths {}; // by column: the widest each has been in this run
    TaskColumnWidths m_widths;
    class DifferenceMarkDelegate *m_marks = nullptr;
};

} // namespace poolscope
