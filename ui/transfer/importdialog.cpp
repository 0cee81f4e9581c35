#include "importdialog.h"

#include <cosmosclient.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Cosmoscope {

using namespace Cosmos;

constexpr int MaxProblemsShown = 200;

ImportDialog::ImportDialog(CosmosClient *client, const ResourcePath &container, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_container(container)
    , m_path(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_keepRejects(new QCheckBox(tr("Write items not imported to"), this))
    , m_rejects(new QLineEdit(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_problems(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import items into %1").arg(container.containerId()));
    m_path->setObjectName(QStringLiteral("importPath"));
    m_path->setPlaceholderText(tr("A .json (array), .jsonl or .csv file"));
    auto browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    auto pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_format->setObjectName(QStringLiteral("importFormat"));
    m_format->addItem(tr("From the file name (.csv is CSV, else JSON)"));
    m_format->addItem(tr("JSON array or JSON Lines"));
    m_format->addItem(tr("CSV (first line names the properties)"));
    m_keepRejects->setObjectName(QStringLiteral("keepRejects"));
    m_keepRejects->setChecked(true);
    m_rejects->setObjectName(QStringLiteral("rejectsPath"));
    auto rejectsRow = new QHBoxLayout;
    rejectsRow->addWidget(m_keepRejects);
    rejectsRow->addWidget(m_rejects, 1);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setReadOnly(true);
    m_problems->setPlaceholderText(tr("Items that could not be imported are listed here."));
    m_problems->setMaximumBlockCount(MaxProblemsShown + 1);

    m_start = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startImport"));
    m_cancel = m_buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setObjectName(QStringLiteral("cancelImport"));

    auto form = new QFormLayout;
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("Format:"), m_format);
    form->addRow(rejectsRow);
    auto layout = new QVBoxLayout(this);
    auto note = new QLabel(tr("Items are created, never overwritten: an id that exists with "
                              "other content is a conflict and is left as it is."), this);
    note->setWordWrap(true);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(m_problems, 1);
    layout->addWidget(m_buttons);
    resize(640, 420);

    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &ImportDialog::updateProgress);
    connect(browse, &QToolButton::clicked, this, &ImportDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &ImportDialog::suggestRejectsPath);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::suggestRejectsPath);
    connect(m_keepRejects, &QCheckBox::toggled, m_rejects, &QWidget::setEnabled);
    connect(m_start, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (isRunning())
            cancelImport();
        else
            QDialog::reject();
    });
}

void ImportDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import items"), m_path->text(),
        tr("Items (*.json *.jsonl *.ndjson *.csv);;All files (*)"));
    if (!path.isEmpty())
        setInputPath(path);
}

void ImportDialog::setInputPath(const QString &path)
{
    m_path->setText(path);
}

static bool isCsv(int formatIndex, const QString &path)
{
    return formatIndex == 2
           || (formatIndex == 0
               && ImportJob::formatForPath(path) == ImportJob::InputFormat::Csv);
}

void ImportDialog::suggestRejectsPath()
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    const QString suffix = isCsv(m_format->currentIndex(), path) ? QStringLiteral("csv")
                                                                 : QStringLiteral("jsonl");
    m_rejects->setText(info.dir().filePath(info.completeBaseName()
                                           + QStringLiteral(".rejects.") + suffix));
}

QString ImportDialog::rejectsPath() const
{
    return m_keepRejects->isChecked() ? m_rejects->text().trimmed() : QString();
}

bool ImportDialog::startImport()
{
    if (isRunning() || !m_client)
        return false;
    const QString path = m_path->text().trimmed();
    m_input.close();
    m_input.setFileName(path);
    if (path.isEmpty() || !m_input.open(QIODevice::ReadOnly)) {
        m_summary->setText(path.isEmpty() ? tr("Choose a file to import.")
                                          : tr("Cannot read %1: %2")
                                                .arg(path, m_input.errorString()));
        return false;
    }
    delete m_job;
    m_job = new ImportJob(m_client, m_container, this);
    m_job->setConcurrency(8);
    m_job->setInputFormat(isCsv(m_format->currentIndex(), path) ? ImportJob::InputFormat::Csv
                                                                : ImportJob::InputFormat::Json);
    m_job->setRejectsPath(rejectsPath());
    m_problems->clear();
    m_problemCount = 0;
    connect(m_job, &ImportJob::settled, this,
            [this](ImportJob::Outcome outcome, const QString &where, const QString &reason) {
                if (outcome == ImportJob::Outcome::Written
                    || outcome == ImportJob::Outcome::NotAttempted) {
                    return;
                }
                if (++m_problemCount <= MaxProblemsShown)
                    m_problems->appendPlainText(where + QStringLiteral(": ") + reason);
                else if (m_problemCount == MaxProblemsShown + 1)
                    m_problems->appendPlainText(tr("(further problems only in the rejects file)"));
            });
    connect(m_job, &ImportJob::failed, this, [this](const CosmosError &error) {
        m_problems->appendPlainText(tr("The container could not be read: %1")
                                        .arg(error.toString()));
    });
    connect(m_job, &ImportJob::finished, this, &ImportDialog::onFinished);
    QString error;
    if (!m_job->start(&m_input, &error)) {
        m_summary->setText(error);
        delete m_job;
        m_job = nullptr;
        return false;
    }
    m_summary->clear();
    m_lineCount.setFuture(QtConcurrent::run([path]() -> qint64 {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        qint64 lines = 0;
        while (!file.atEnd())
            lines += file.read(1 << 20).count('\n');
        return lines;
    }));
    m_start->setEnabled(false);
    m_path->setEnabled(false);
    m_format->setEnabled(false);
    m_cancel->setText(tr("Cancel"));
    m_timer.start();
    updateProgress();
    return true;
}

void ImportDialog::cancelImport()
{
    if (m_job)
        m_job->cancel();
}

void ImportDialog::reject()
{
    if (isRunning()) {
        cancelImport(); // Escape cancels first; a second one closes
        return;
    }
    QDialog::reject();
}

void ImportDialog::updateProgress()
{
    if (!m_job)
        return;
    // By lines when the file has several (JSON Lines, CSV, an indented array), else by bytes.
    const qint64 lines = m_lineCount.isFinished() ? m_lineCount.result() : 0;
    const qint64 size = m_input.size();
    if (lines > 1)
        m_progress->setValue(int(1000 * qMin(m_job->lineReached(), lines) / lines));
    else if (size > 0)
        m_progress->setValue(int(1000 * qMin(m_job->bytesRead(), size) / size));
    const ImportJob::Summary s = m_job->summary();
    m_status->setText(tr("%1 written · %2 already present · %3 not written · %4 RU · %5 s")
                          .arg(s.count(ImportJob::Outcome::Written))
                          .arg(s.count(ImportJob::Outcome::AlreadyPresent))
                          .arg(s.count(ImportJob::Outcome::Failed)
                               + s.count(ImportJob::Outcome::Conflict)
                               + s.count(ImportJob::Outcome::NotAttempted))
                          .arg(s.requestCharge, 0, 'f', 2)
                          .arg(s.elapsedMs / 1000.0, 0, 'f', 1));
}

QString ImportDialog::summaryText() const
{
    return m_summary->text();
}

void ImportDialog::onFinished()
{
    m_timer.stop();
    updateProgress();
    const ImportJob::Summary s = m_job->summary();
    if (s.stoppedEarly.isEmpty() && s.inputError.isEmpty())
        m_progress->setValue(m_progress->maximum());
    QStringList lines;
    lines << tr("Read %1 items in %2 s: %3 written, %4 already present, %5 conflicts, "
                "%6 failed, %7 not attempted. %8 RU.")
                 .arg(s.total())
                 .arg(s.elapsedMs / 1000.0, 0, 'f', 2)
                 .arg(s.count(ImportJob::Outcome::Written))
                 .arg(s.count(ImportJob::Outcome::AlreadyPresent))
                 .arg(s.count(ImportJob::Outcome::Conflict))
                 .arg(s.count(ImportJob::Outcome::Failed))
                 .arg(s.count(ImportJob::Outcome::NotAttempted))
                 .arg(s.requestCharge, 0, 'f', 2);
    if (!s.stoppedEarly.isEmpty())
        lines << tr("Stopped early: %1.").arg(s.stoppedEarly);
    if (!s.inputError.isEmpty())
        lines << tr("The file could not be read to its end: %1").arg(s.inputError);
    const qint64 notWritten = s.total() - s.count(ImportJob::Outcome::Written);
    if (!m_job->rejectsPath().isEmpty() && notWritten > 0)
        lines << tr("Items not written are in %1 (reasons in %1.reasons).")
                     .arg(m_job->rejectsPath());
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_start->setEnabled(true);
    m_path->setEnabled(true);
    m_format->setEnabled(true);
    m_cancel->setText(tr("Close"));
    m_input.close();
    Q_EMIT importFinished();
}

} // namespace Cosmoscope
