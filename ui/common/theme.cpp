#include "theme.h"

#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QEvent>
#include <QWidget>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <cmath>

namespace Cosmoscope {

static QPalette g_systemPalette;

static QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x7f, 0x84, 0x8e);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x19, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    p.setColor(QPalette::LinkVisited, QColor(0xa5, 0x8a, 0xf0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x48, 0x4d));
    return p;
}

// Qt tells top-level widgets of a new application palette and they pass it down only where
// their own palette changed; after a style change some children keep the old one. Every
// widget resolves its palette again, parents before children.
static void resolvePalettes(QWidget *widget)
{
    QEvent event(QEvent::ApplicationPaletteChange);
    QCoreApplication::sendEvent(widget, &event);
    for (QObject *child : widget->children()) {
        if (auto w = qobject_cast<QWidget *>(child))
            resolvePalettes(w);
    }
}

static bool paletteIsDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

Theme::Theme() = default;

Theme *Theme::instance()
{
    static Theme *theme = new Theme; // lives as long as the application
    return theme;
}

QString Theme::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

Theme::Mode Theme::modeFromName(const QString &name)
{
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
}

void Theme::setMode(Mode mode)
{
    if (!m_captured) {
        // The desktop's own palette and style, before anything of ours replaces them.
        m_captured = true;
        g_systemPalette = QApplication::palette();
        m_systemStyle = QApplication::style()->name();
    }
    m_mode = mode;
    switch (mode) {
    case Mode::System:
        if (QApplication::style()->name() != m_systemStyle)
            QApplication::setStyle(QStyleFactory::create(m_systemStyle));
        QApplication::setPalette(g_systemPalette);
        m_dark = paletteIsDark(g_systemPalette);
        break;
    case Mode::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        m_dark = false;
        break;
    case Mode::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        m_dark = true;
        break;
    }
    for (QWidget *top : QApplication::topLevelWidgets())
        resolvePalettes(top);
    Q_EMIT changed(m_dark);
}

static double luminance(const QColor &colour)
{
    const auto channel
        = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = colour.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
           + 0.0722 * channel(rgb.blueF());
}

double Theme::contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor Theme::mix(const QColor &over, const QColor &colour, double amount)
{
    const QColor a = over.toRgb();
    const QColor b = colour.toRgb();
    const auto channel = [amount](double x, double y) { return x + (y - x) * amount; };
    return QColor::fromRgbF(float(channel(a.redF(), b.redF())),
                            float(channel(a.greenF(), b.greenF())),
                            float(channel(a.blueF(), b.blueF())));
}

QColor Theme::mutedText(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QColor alternate = palette.color(QPalette::AlternateBase);
    // A third of the way to the paper reads as secondary; less when that costs legibility.
    for (double amount = 0.35; amount > 0.0; amount -= 0.05) {
        const QColor muted = mix(text, base, amount);
        if (contrastRatio(muted, base) >= 4.6 && contrastRatio(muted, alternate) >= 4.6)
            return muted;
    }
    return text;
}

// A light scheme's text colour for dark paper: the same hue, its lightness turned over.
static QColor forDark(const QColor &light)
{
    float h = 0;
    float s = 0;
    float l = 0;
    light.getHslF(&h, &s, &l);
    const float turned = 1.0f - l;
    return QColor::fromHslF(h, qMin(s, 0.75f), qBound(0.62f, turned, 0.88f));
}

// `colour` made lighter (on dark paper) or darker (on light paper) until text in it reads at
// 4.5:1 or better on `paper`, hue kept.
static QColor legibleOn(const QColor &colour, const QColor &paper)
{
    const bool darkPaper = paper.lightnessF() < 0.5;
    float h = 0;
    float s = 0;
    float l = 0;
    colour.getHslF(&h, &s, &l);
    QColor c = colour;
    while (Theme::contrastRatio(c, paper) < 4.6 && (darkPaper ? l < 1.0f : l > 0.0f)) {
        l = darkPaper ? qMin(1.0f, l + 0.02f) : qMax(0.0f, l - 0.02f);
        c = QColor::fromHslF(h, s, l);
    }
    return c;
}

void Theme::styleEditor(QsciScintilla *editor)
{
    const bool dark = instance()->isDark();
    const QPalette palette = QApplication::palette();
    const QColor paper = dark ? QColor(0x1e, 0x1f, 0x22) : QColor(Qt::white);
    const QColor ink = dark ? QColor(0xdf, 0xe1, 0xe5) : QColor(Qt::black);
    if (QsciLexer *lexer = editor->lexer()) {
        // The lexer's own (light) colours are kept once, so switching back restores them.
        QVariantList light = lexer->property("cosmoscopeLightColors").toList();
        if (light.isEmpty()) {
            for (int style = 0; style < 128; ++style)
                light << lexer->color(style);
            lexer->setProperty("cosmoscopeLightColors", light);
        }
        for (int style = 0; style < 128; ++style) {
            const QColor c = light.at(style).value<QColor>();
            if (!lexer->description(style).isEmpty())
                lexer->setColor(legibleOn(dark ? forDark(c) : c, paper), style);
        }
        lexer->setDefaultPaper(paper);
        lexer->setPaper(paper, -1);
        lexer->setDefaultColor(ink);
        editor->recolor();
    }
    editor->setPaper(paper);
    editor->setColor(ink);
    editor->setMarginsBackgroundColor(dark ? QColor(0x26, 0x28, 0x2b) : QColor(0xf3, 0xf3, 0xf3));
    editor->setMarginsForegroundColor(dark ? QColor(0x85, 0x8a, 0x94) : QColor(0x6e, 0x6e, 0x6e));
    editor->setFoldMarginColors(dark ? QColor(0x26, 0x28, 0x2b) : QColor(0xf3, 0xf3, 0xf3),
                                dark ? QColor(0x26, 0x28, 0x2b) : QColor(0xf3, 0xf3, 0xf3));
    editor->setCaretLineBackgroundColor(dark ? QColor(0x2a, 0x2d, 0x33) : QColor(0xf3, 0xf6, 0xfa));
    editor->setCaretForegroundColor(ink);
    editor->setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    editor->setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    editor->setMatchedBraceBackgroundColor(dark ? QColor(0x3b, 0x51, 0x4d)
                                                : QColor(0xd7, 0xf0, 0xe4));
    editor->setMatchedBraceForegroundColor(ink);
}

} // namespace Cosmoscope
