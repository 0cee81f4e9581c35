#pragma once

#include <QDialog>

namespace Cosmoscope {

/// Help › About: the version, the licence and the third-party notices (the same text as
/// /usr/share/doc/cosmoscope/THIRD-PARTY-NOTICES in the package).
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    /// The notices compiled into the program (:/THIRD-PARTY-NOTICES).
    static QString thirdPartyNotices();
};

} // namespace Cosmoscope
