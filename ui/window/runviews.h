// SPDX-License-Identifier: MIT
// The views of a run laid out: the header (title, description, waiting banner), the task table, the
// timeline, the console, and the column with the stop lamp, the pool and the legend.
#pragma once

#include "table/taskcolumnwidths.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTabWidget;
class QVBoxLayout;
class QTableView;

namespace poolscope {

class ExpandableText;
class NoteBanner;

class ConsoleView;
class LegendView;
class PoolView;
class PythonPane;
class RunDocument;
class StopLamp;
class TaskTableModel;
class TimelinePanel;

// Every view reads the RunDocument; this widget only places them and keeps the table and the timeline's
// selection one. The window sets the header's texts.
class RunViews : public QWidget
{
    Q_OBJECT
public:
    enum class SidePane
    {
        Console,
        Legend,
        Python
    };

    RunViews(RunDocument *document, TaskTableModel *tasks, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setDescription(const QString &description);
    void setBanner(const QString &text); // empty: the line says where the views are (setWhere)
    void setWhere(const QString &text);
    void addAboveViews(QWidget *widget); // between the header and the table (the guesses of predict mode)
    void setNarrationBar(QWidget *bar); // under the note line // "live · scenario", "at 0.45 s on the timeline", "ended at 1.51 s"
    QString bannerText() const;
    void changeTextSize(int delta); // for the back of a lecture hall
    void showSidePane(SidePane pane); // the right column's tab
    SidePane sidePane() const;
    int textSizeDelta() const { return m_textSizeDelta; } // points added since the window opened
    // The right column's share of the width (lamp, pool, console) until someone drags the splitter.
    void setRightPercent(int percent);
    static constexpr int PythonPanePercent = 42; // the right column's share while the Python program shows
    QByteArray saveLayout() const; // the splitters as the person left them (empty: never moved)
    void restoreLayout(const QByteArray &layout);

    QTableView *table() const { return m_table; }
    TimelinePanel *timeline() const { return m_timeline; }
    ConsoleView *console() const { return m_console; }
    PoolView *pool() const { return m_pool; }
    StopLamp *lamp() const { return m_lamp; }
    PythonPane *python() const { return m_python; }

signals:
    void selectionChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyColumnWidths();
    void fitHeights();

    RunDocument *m_document;
    TaskTableModel *m_tasks;
    QLabel *m_title = nullptr;
    ExpandableText *m_description = nullptr;
    NoteBanner *m_banner = nullptr;
    QSplitter *m_split = nullptr;
    QSplitter *m_leftSplit = nullptr;
    bool m_splitsPlaced = false;
    bool m_userSized = false; // a splitter was dragged: keep the person's sizes
    bool m_widthsMoved = false; // the same for the splitter between the left and the right
    int m_textSizeDelta = 0;
    int m_rightPercent = 28;
    void placeRightColumn(); // at m_rightPercent, or wider for the Python program, unless the person moved it
    QString m_columnShape; // what the rows held when the columns were last sized
    bool m_rowWordsMeasured = false;
    TaskColumnWidths m_columnWidths;
    QByteArray m_restoredLayout; // applied once the window has its size
    QTableView *m_table = nullptr;
    QWidget *m_above = nullptr; // addAboveViews()
    TimelinePanel *m_timeline = nullptr;
    ConsoleView *m_console = nullptr;
    StopLamp *m_lamp = nullptr;
    PoolView *m_pool = nullptr;
    LegendView *m_legend = nullptr;
    PythonPane *m_python = nullptr;
    QTabWidget *m_sideTabs = nullptr;
    QVBoxLayout *m_outer = nullptr;
};

} // namespace poolscope
