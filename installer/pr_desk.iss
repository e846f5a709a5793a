; Inno Setup script for PR Desk. Build after PyInstaller: iscc installer\pr_desk.iss
#define AppName "PR Desk"
#define AppVersion "0.1.0"

[Setup]
AppId={{6C1F3F0E-7B7A-4C1E-9E4B-1405PRDESK01}
AppName={#AppName}
AppVersion={#AppVersion}
DefaultDirName={autopf}\PR Desk
DefaultGroupName=PR Desk
OutputBaseFilename=PRDesk-Setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
WizardStyle=modern
LanguageDetectionMethod=none

[Languages]
Name: "persian"; MessagesFile: "compiler:Languages\Persian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\PRDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs

[Icons]
Name: "{group}\میز روابط عمومی"; Filename: "{app}\pr-desk.exe"
Name: "{autodesktop}\میز روابط عمومی"; Filename: "{app}\pr-desk.exe"

[Run]
Filename: "{app}\pr-desk.exe"; Description: "Open PR Desk"; Flags: nowait postinstall skipifsilent
