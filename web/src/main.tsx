import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "./i18n/i18n";
import { ApiKeyProvider } from "./auth/api-key";
import { App } from "./app";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <ApiKeyProvider>
        <App />
      </ApiKeyProvider>
    </I18nProvider>
  </StrictMode>,
);
