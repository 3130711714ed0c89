// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace poolscope {

class RunDocument;

// The stop event (Python's threading.Event) as a lamp: lit and labelled SET, or dark and labelled
// clear, with the value event.is_set() would return. Shape and word change, not only the colour.
class StopLamp : public QWidget
{
    Q_OBJECT
public:
    explicit StopLamp(RunDocument *model, QWidget *parent = nullptr);

    bool isLit() const { return m_set; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void sync();

    RunDocument *m_model;
    bool m_set = false;
    qint64 m_setNs = -1;
};

} // namespace poolscope
