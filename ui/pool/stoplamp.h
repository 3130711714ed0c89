// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

namespace poolscope {

class RunDocument;

// The stop event (Python's threading.Event) as a lamp: lit and labelled SET, or dark and labelled
// clear, with the value event.is_set() would return. Shape and word change, not only the colour.
// A recorded program has Events of its own: then one compact row per Event, named as the program named
// it, each with its own small lamp, its answer and since when it is set.
class StopLamp : public QWidget
{
    Q_OBJECT
public:
    explicit StopLamp(RunDocument *model, QWidget *parent = nullptr);

    bool isLit() const { return m_set; } // the stop event (a recording: any of its Events) is set
    // A recording's rows as shown, in creation order (the last may be "+N more Events …"); empty for a
    // scenario (one big lamp).
    int rowCount() const { return int(m_rows.size()); }
    QString rowText(int row) const;
    bool rowLit(int row) const { return row >= 0 && row < rowCount() && m_rows[size_t(row)].set; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static constexpr int MaxRows = 6; // more Events than this: the rest summed up in the last row

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Row
    {
        QString name;
        bool set = false;
        qint64 sinceNs = -1;
        int more = 0; // > 0: a summary row for this many Events
        int moreSet = 0;
    };
    void sync();
    void paintRows(QPainter &p);
    int rowHeight() const;
    QString stateText(const Row &r) const;

    RunDocument *m_model;
    bool m_set = false;
    qint64 m_setNs = -1;
    std::vector<Row> m_rows; // a recording's Events
};

} // namespace poolscope
