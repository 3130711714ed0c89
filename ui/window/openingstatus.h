// SPDX-License-Identifier: MIT
// The status bar's "Opening big.poolscope… 45 %  [Cancel]" while a saved run opens off the GUI thread.
#pragma once
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace poolscope {

class RunFileOpener;

class OpeningStatus : public QWidget
{
    Q_OBJECT
public:
    OpeningStatus(RunFileOpener *opener, QWidget *parent = nullptr);

private:
    void showProgress(double fraction);

    RunFileOpener *m_opener;
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
};

} // namespace poolscope
